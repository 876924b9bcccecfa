/**
 * The fixed pool of community usernames that submit papers to daily lists. A few very active submitters and a
 * long tail, as on real community-curated lists; fixed across seeds so benchmarks can filter by submitter.
 */
import { FAMILY_NAMES, GIVEN_NAMES } from './person-names.ts';
import { Rng } from './rng.ts';

function build(): string[] {
  const rng = new Rng(0xa11ce);
  const seen = new Set<string>();
  while (seen.size < 500) {
    const g = rng.pick(GIVEN_NAMES).toLowerCase();
    const f = rng.pick(FAMILY_NAMES).toLowerCase();
    const form = rng.int(5);
    seen.add(form === 0 ? `${g}${f}` : form === 1 ? `${g[0]}${f}` : form === 2 ? `${g}_${f}` : form === 3 ? `${f}${rng.range(1, 99)}` : `${g}-${f[0]}`);
  }
  return [...seen];
}

/** All submitter usernames, most active first. */
export const USERNAMES: readonly string[] = build();
