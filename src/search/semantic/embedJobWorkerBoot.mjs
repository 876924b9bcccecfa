// Entry of the embedding job's worker under tsx: registers tsx's loader in this thread (loader hooks of the
// parent are not inherited by worker threads on every Node version), then starts the TypeScript worker body.
import { register } from 'tsx/esm/api';

register();
await import('./embedJobWorker.ts');
