import MarkdownIt from 'markdown-it';

const md = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });
md.disable(['image', 'heading', 'table', 'lheading', 'hr']);
md.validateLink = (url) => /^https?:\/\//i.test(url.trim());
md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
  tokens[idx]!.attrSet('rel', 'nofollow ugc noopener');
  return self.renderToken(tokens, idx, options);
};

/**
 * Renders comment markdown to safe HTML: raw HTML is escaped, only http(s) links survive (marked
 * rel="nofollow ugc"), images and headings are off. The only markdown entry point for user text.
 */
export function renderMarkdown(text: string): string {
  return md.render(text);
}
