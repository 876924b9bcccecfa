const SHORT_DATE = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });

/** "Mar 11, 2020" for a YYYY-MM-DD date, as the cards show it (one shared formatter: building one per call is slow). */
export function shortDate(day: string | undefined): string {
  if (!day) return '';
  const d = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return '';
  return SHORT_DATE.format(d);
}

/** "1 author" / "12 authors". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Short text for a repository link: "owner/name" for GitHub and GitLab, else the host. */
export function repoLabel(url: string): string {
  try {
    const u = new URL(url);
    const parts = u.pathname.split('/').filter(Boolean);
    return /github\.com|gitlab\.com/.test(u.hostname) && parts.length >= 2 ? `${parts[0]}/${parts[1]}` : u.hostname;
  } catch {
    return 'code';
  }
}
