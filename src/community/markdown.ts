import MarkdownIt from 'markdown-it';

const md = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });
md.disable(['heading', 'table', 'lheading', 'hr']);
md.validateLink = (url) => /^https?:\/\//i.test(url.trim());
md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
  tokens[idx]!.attrSet('rel', 'nofollow ugc noopener');
  return self.renderToken(tokens, idx, options);
};

// Images are not shown inline (no third-party loads in comments): `![alt](url)` becomes a link to the image,
// where turning the rule off would leave a stray "!" before a plain link.
md.renderer.rules.image = (tokens, idx) => {
  const t = tokens[idx]!;
  const alt = t.children?.map((c) => c.content).join('') || 'image';
  return `<a href="${md.utils.escapeHtml(String(t.attrGet('src') ?? ''))}" rel="nofollow ugc noopener">${md.utils.escapeHtml(alt)} (image)</a>`;
};

/**
 * Renders comment markdown to safe HTML: raw HTML is escaped, only http(s) links survive (marked
 * rel="nofollow ugc"), images become links to them, headings are off. The only markdown entry point for user text.
 */
export function renderMarkdown(text: string): string {
  return md.render(text);
}
