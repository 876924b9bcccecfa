import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hfItemToItem } from '../../src/ingest/hfDaily.ts';
import { kaggleToItem } from '../../src/ingest/kaggle.ts';
import { cleanText, findCodeUrl, isWithdrawn, joinName, splitAuthors, splitCategories, toDay } from '../../src/ingest/normalize.ts';
import { fixture } from './fakeArxiv.ts';

test('cleanText turns LaTeX line breaks and wrapped whitespace into single spaces', () => {
  assert.equal(cleanText('  Sparse Views:\\\\ Dense\n   Geometry\t at\u00a0Scale \\newline end '), 'Sparse Views: Dense Geometry at Scale end');
  assert.equal(cleanText('Already clean, single spaces.'), 'Already clean, single spaces.');
  assert.equal(cleanText('a \u00a0b\u2003 c  d\r\ne'), 'a b c d e');
  assert.equal(cleanText(' lead'), 'lead');
  assert.equal(cleanText('trail\n'), 'trail');
});

test('findCodeUrl finds GitHub and GitLab repositories in abstracts and comments, cleaned', () => {
  assert.equal(findCodeUrl('Code is available at https://github.com/example-lab/sparse-dense.'), 'https://github.com/example-lab/sparse-dense');
  assert.equal(findCodeUrl(undefined, 'see gitlab.com/group/proj.git for code'), 'https://gitlab.com/group/proj');
  assert.equal(findCodeUrl('https://GitHub.com/Owner/Repo)'), 'https://github.com/Owner/Repo');
  assert.equal(findCodeUrl('no code here; https://github.com/about/x is not a repo'), undefined);
  assert.equal(findCodeUrl('plain text'), undefined);
});

test('authors, categories, withdrawal and dates are parsed the way sources write them', () => {
  assert.deepEqual(splitAuthors('A. One, B. Two (MIT) and C. Three'), ['A. One', 'B. Two', 'C. Three']);
  assert.deepEqual(splitAuthors('Ada Lovelace, Charles Babbage, and Alan Turing'), ['Ada Lovelace', 'Charles Babbage', 'Alan Turing']);
  assert.equal(joinName('King', 'Martin Luther', 'Jr'), 'Martin Luther King Jr');
  assert.deepEqual(splitCategories('cs.LG cs.CV', 'cs.CV'), ['cs.CV', 'cs.LG']);
  assert.ok(isWithdrawn('This paper has been withdrawn by the author'));
  assert.ok(!isWithdrawn('12 pages, no withdrawal'));
  assert.equal(toDay('Mon, 2 Apr 2007 19:18:42 GMT'), '2007-04-02');
  assert.equal(toDay('2025-01-05T18:59:59.000Z'), '2025-01-05');
  assert.equal(toDay('soon'), undefined);
  for (const d of ['Tue, 9 Jan 2024 23:59:59 GMT', '1 Mar 2021 00:00:00 GMT', 'Sat, 29 Feb 2020 10:00:00 GMT', 'Mon, 31 Feb 2007 10:00:00 GMT', 'Wed, 9 Jan 2024 22:00:00 -0500']) {
    assert.equal(toDay(d), new Date(Date.parse(d)).toISOString().slice(0, 10), `${d} reads as Date.parse reads it`);
  }
});

test('a Kaggle record maps to a normalized paper: id, last version, authors_parsed order, first-version date', () => {
  const [first, old, coded] = fixture('kaggle-sample.jsonl').split('\n').slice(0, 3).map((l) => kaggleToItem(JSON.parse(l)).paper);
  assert.equal(first!.arxivId, '0704.0001');
  assert.equal(first!.version, 2);
  assert.equal(first!.title, 'Calculation of prompt diphoton production cross sections at Tevatron and LHC energies');
  assert.deepEqual(first!.authors, ['C. Balázs', 'E. L. Berger', 'P. M. Nadolsky', 'C. -P. Yuan']);
  assert.equal(first!.publishedAt, '2007-04-02');
  assert.equal(old!.arxivId, 'hep-th/9901001');
  assert.deepEqual(old!.authors, ['A. Author', 'B. Writer Jr']);
  assert.deepEqual(old!.categories, ['hep-th', 'math-ph', 'math.MP']);
  assert.equal(old!.withdrawnAt, '1999-01-02T00:00:00.000Z');
  assert.equal(coded!.codeUrl, 'https://github.com/coder/repo-name');
  assert.equal(coded!.abstract, 'A method. With a LaTeX line break.');
  assert.throws(() => kaggleToItem({ id: 'not-an-id', title: 'x' }), /not an arXiv id/);
  assert.throws(() => kaggleToItem({ id: '2501.00031', title: '  ' }), /title is missing/);
});

test('a Hugging Face daily_papers item maps to a paper with votes, links, organization and its featured day', () => {
  const items = JSON.parse(fixture('hf-daily.json'));
  const item = hfItemToItem(items[0]);
  assert.equal(item.paper.arxivId, '2501.00040');
  assert.equal(item.paper.baseUpvotes, 42);
  assert.equal(item.paper.codeUrl, 'https://github.com/hf-lab/daily');
  assert.equal(item.paper.projectUrl, 'https://hf-lab.github.io/daily');
  assert.deepEqual(item.paper.organization, { name: 'hf-lab', fullname: 'HF Lab' });
  assert.deepEqual(item.paper.authors, ['Yann Example', 'Zoe Sample']);
  assert.equal(item.paper.abstract, 'An abstract with a break.');
  assert.deepEqual(item.featured, [{ date: '2025-01-06', submittedBy: 'akhaliq' }]);
  assert.throws(() => hfItemToItem(items[2]), /not an arXiv id/);
});
