/**
 * Counts event-loop turns (setImmediate callbacks) until `work` settles: how often requests could have been served
 * meanwhile. The tests of work kept off the server thread, or cut into pieces on it, assert on this count.
 */
export async function turnsUntil<T>(work: Promise<T>): Promise<{ turns: number; result: T }> {
  let turns = 0;
  let running = true;
  const spin = () => {
    turns++;
    if (running) setImmediate(spin);
  };
  setImmediate(spin);
  try {
    return { result: await work, turns };
  } finally {
    running = false;
  }
}
