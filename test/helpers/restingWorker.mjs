// A worker thread for tests of restWhileServing: registers tsx's loader, then answers each message ({ most }) with
// how long one rest lasted and when it ended (Date.now()), resting on the cells it was started with (workerData).
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { restWhileServing } = await import('../../src/jobs/requestActivity.ts');
parentPort.on('message', ({ most }) => {
  const rested = restWhileServing(workerData, most)();
  parentPort.postMessage({ rested, at: Date.now() });
});
parentPort.postMessage('ready');
