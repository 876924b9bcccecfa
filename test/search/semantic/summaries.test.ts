import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cleanSummary, summarizePapers } from '../../../src/search/summaries/summarizePapers.ts';
import { createChatClient } from '../../../src/search/summaries/chatClient.ts';
import { testApp } from '../../helpers/testApp.ts';
import { openAiServer, sendJson } from './openAiServer.ts';
import { forEachBackend } from '../../helpers/backends.ts';

forEachBackend((backend) => {
  test(`the summary job fills ai_summary through an OpenAI-compatible chat endpoint, newest first, shown on the page and in the API (${backend})`, async () => {
    const t = await testApp({ backend,  demo: false });
    const server = await openAiServer((req, res) => {
      const title = /Title: (.*)/.exec(req.body.messages[1].content)![1];
      if (title === 'Empty answer') return sendJson(res, 200, { choices: [{ message: { role: 'assistant', content: ' ' } }] });
      sendJson(res, 200, { id: 'c1', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: `**Summary:** This paper is about ${title}.` }, finish_reason: 'stop' }] });
    });
    try {
      const a = (await t.store.papers.upsert({ title: 'Pruning networks', abstract: 'We prune <b>filters</b>.' })).id;
      const b = (await t.store.papers.upsert({ title: 'Empty answer', abstract: 'Anything.' })).id;
      const c = (await t.store.papers.upsert({ title: 'No abstract' })).id;
      const chat = createChatClient({ url: server.url, model: 'tiny-chat', apiKey: 'sk-chat' });
      assert.equal(await summarizePapers(t.store, chat), 1);
      assert.equal(server.seen.length, 2, 'the paper without an abstract is not sent');
      assert.equal(server.seen[0]!.path, '/v1/chat/completions');
      assert.equal(server.seen[0]!.authorization, 'Bearer sk-chat');
      assert.equal(server.seen[0]!.body.model, 'tiny-chat');
      assert.match(server.seen[0]!.body.messages[1].content, /Title: Empty answer/, 'newest first');
      assert.equal((await t.store.papers.get(a))!.aiSummary, 'This paper is about Pruning networks.');
      assert.equal((await t.store.papers.get(b))!.aiSummary, undefined);
      assert.equal((await t.store.papers.get(c))!.aiSummary, undefined);
      const api = (await (await t.app.request(`/api/papers/${a}`)).json()) as { ai_summary: string };
      assert.equal(api.ai_summary, 'This paper is about Pruning networks.');
      assert.match(await (await t.app.request(`/papers/${a}`)).text(), /<h2>Summary<\/h2><p>This paper is about Pruning networks.<\/p>/);

      // an edited abstract makes the summary stale: it is cleared and written again
      await t.store.papers.upsert({ id: a, title: 'Pruning networks', abstract: 'We prune heads instead.' });
      assert.equal((await t.store.papers.get(a))!.aiSummary, undefined);
      assert.equal(await summarizePapers(t.store, chat), 1);
      assert.ok((await t.store.papers.get(a))!.aiSummary);
    } finally {
      await server.close();
      t.cleanup();
    }
  });

  test(`a failing chat service stops the run with its error and writes nothing (${backend})`, async () => {
    const t = await testApp({ backend,  demo: false });
    const server = await openAiServer((_req, res) => sendJson(res, 503, { error: 'overloaded' }));
    try {
      const id = (await t.store.papers.upsert({ title: 'A paper', abstract: 'Text.' })).id;
      await assert.rejects(summarizePapers(t.store, createChatClient({ url: server.url, model: 'm' })), /answered 503/);
      assert.equal(server.seen.length, 1, 'no retry storm');
      assert.equal((await t.store.papers.get(id))!.aiSummary, undefined);
    } finally {
      await server.close();
      t.cleanup();
    }
  });

  test(`answers are cleaned to one plain sentence (${backend})`, () => {
    assert.equal(cleanSummary('<think>hmm</think>\n**TL;DR:** A *new* method.\n\nIt works.'), 'A new method. It works.');
    assert.equal(cleanSummary('  ok '), undefined);
    assert.ok(cleanSummary('word '.repeat(200))!.length <= 400);
  });
});
