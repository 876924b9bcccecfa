import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { checkPlainwords, contentStems } from '../../../scripts/check-plainwords.ts';

const CORPUS = 'demo/seed-papers.jsonl';
const SET = 'eval/plainwords';
const SCRIPT = 'scripts/check-plainwords.ts';

describe('eval/plainwords: the committed set keeps its own rule', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  /** A one-query set in a temporary folder, judged against the first corpus paper. */
  function tinySet(query: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'plainwords-'));
    dirs.push(dir);
    const title = (JSON.parse(readFileSync(CORPUS, 'utf8').split('\n')[0]!) as { title: string }).title;
    writeFileSync(join(dir, 'queries.tsv'), `qid\ttype\tquery\nx1\tsemantic\t${query}\n`);
    writeFileSync(join(dir, 'qrels.tsv'), `qid\ttitle\tgrade\nx1\t${title}\t3\n`);
    return dir;
  }

  it('every committed query passes, with at least 45 queries each aimed at a graded-3 paper', () => {
    assert.deepEqual(checkPlainwords(SET, CORPUS), []);
    const queries = readFileSync(join(SET, 'queries.tsv'), 'utf8').trim().split('\n').slice(1);
    assert.ok(queries.length >= 45, `only ${queries.length} queries`);
    const targeted = new Set(
      readFileSync(join(SET, 'qrels.tsv'), 'utf8').trim().split('\n').slice(1)
        .map((l) => l.split('\t')).filter((c) => c[2] === '3').map((c) => c[0]),
    );
    for (const q of queries) assert.ok(targeted.has(q.split('\t')[0]), `${q} has no target`);
  });

  it('stems words and drops stopwords before comparing', () => {
    assert.deepEqual(contentStems('The counting of crowds, and counted Crowd'), ['count', 'crowd']);
  });

  it('flags a query that shares a word with its target title, and the script exits non-zero', () => {
    const dir = tinySet('count the crowds in a square'); // the first paper is about crowd counting
    const found = checkPlainwords(dir, CORPUS);
    assert.equal(found.length, 1);
    assert.match(found[0]!.problem, /in the title: count, crowd/);
    const run = spawnSync(process.execPath, ['--import', 'tsx', SCRIPT, dir, CORPUS], { encoding: 'utf8' });
    assert.equal(run.status, 1);
    assert.match(run.stdout, /x1\t.*in the title/);
  });

  it('flags a query with more than two of its words in the target abstract', () => {
    const found = checkPlainwords(tinySet('surveillance vehicle datasets'), CORPUS);
    assert.equal(found.length, 1);
    assert.match(found[0]!.problem, /3 in the abstract/);
  });

  it('passes a query with two abstract words and none from the title, and the script exits zero', () => {
    const dir = tinySet('surveillance vehicle');
    assert.deepEqual(checkPlainwords(dir, CORPUS), []);
    const run = spawnSync(process.execPath, ['--import', 'tsx', SCRIPT, dir, CORPUS], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stdout + run.stderr);
  });
});
