/**
 * The fixed set of ~200 organizations (handle + display name) that synthetic papers are affiliated with.
 * Fixed across seeds, so that "organization page" and "follow an organization" benchmarks can name them.
 */
import { Rng } from './rng.ts';

export interface Organization {
  name: string;
  fullname: string;
}

const PLACES = `Northfield Eastbrook Westmere Southvale Lakeshore Riverton Highgate Ashford Brightwater Cedarhill
  Clearwater Dunmore Elmstead Fairhaven Glenwood Harborview Ironbridge Kingsport Larchmont Maplewood Millbrook
  Newhaven Oakridge Pinecrest Queensbay Redcliff Silverlake Stonebridge Thornbury Upton Valemont Whitby Yarrow
  Zephyr Aurora Borealis Meridian Summit Coastal Alpine Prairie Canyon Delta Harbor Granite Copper`.split(/\s+/);
const WORDS = `Nimbus Quanta Vector Lumen Helix Cortex Axiom Prism Orbit Tensor Kestrel Falcon Cobalt Basalt Ember Nova
  Atlas Vertex Signal Spark Cipher Sigma Lambda Kappa Zenith Photon Pixel Fathom Beacon Mosaic Tandem Parallax
  Fractal Lattice Quiver Origin Keystone Horizon Apex Radiant Verdant Polaris Solstice Tidal Monarch Cascade`.split(/\s+/);
const LAB = ['AI', 'Labs', 'Research', 'AI Lab', 'Intelligence', 'Robotics', 'Systems'];

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

function build(): Organization[] {
  const rng = new Rng(20241101);
  const seen = new Set<string>();
  const orgs: Organization[] = [];
  const add = (fullname: string, name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    orgs.push({ name, fullname });
  };
  while (orgs.length < 200) {
    const kind = rng.int(6);
    const place = rng.pick(PLACES);
    const word = rng.pick(WORDS);
    if (kind === 0) add(`University of ${place}`, `${slug(place)}-university`);
    else if (kind === 1) add(`${place} Institute of Technology`, `${slug(place)}-tech`);
    else if (kind === 2) add(`${place} ${word} Lab`, `${slug(place)}-${slug(word)}`);
    else add(`${word} ${rng.pick(LAB)}`, rng.chance(0.5) ? slug(word) : `${slug(word)}${rng.pick(['ai', 'labs', 'research', 'hq'])}`);
  }
  return orgs;
}

/** All organizations, in a stable order (earlier ones are more prolific). */
export const ORGANIZATIONS: readonly Organization[] = build();
