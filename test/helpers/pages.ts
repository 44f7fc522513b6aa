import type { TestSystem } from './test-system.ts';

export interface PageResult {
  status: number;
  /** Where a redirect pointed, when it was not followed. */
  location?: string;
  url: string;
  html: string;
}

export interface PageClient {
  get(path: string): Promise<PageResult>;
  /**
   * Posts a form with the session's CSRF token and the submission id of the page last seen (a
   * `submissionId` in `form` wins, to send one form twice), following the redirect after it.
   */
  post(path: string, form: Record<string, string>, options?: { withoutCsrf?: boolean }): Promise<PageResult>;
  cookie(): string;
  /** The submission id of the form on the page last seen. */
  submissionId(): string;
}

/** Text of the page with the tags taken out and whitespace folded, for assertions about what people read. */
export const textOf = (html: string): string =>
  html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

/**
 * A browser without JavaScript, over real HTTP: one session cookie, redirects followed within the
 * site, and the CSRF token read from the pages it has seen. Signs in through the same
 * authorisation-code flow the pages use, at the test system's stand-in for HMPPS Auth.
 */
export async function signedIn(sys: TestSystem, persona: string): Promise<PageClient> {
  let cookie = '';
  let csrf = '';
  let submissionId = '';
  const remember = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      if (pair!.startsWith('release-guard.session=')) cookie = pair!;
    }
  };
  const fetchFollowing = async (url: string, init: RequestInit = {}, hops = 0): Promise<PageResult> => {
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) },
    });
    remember(res);
    const location = res.headers.get('location') ?? undefined;
    if (res.status >= 300 && res.status < 400 && location && hops < 10) {
      const next = new URL(location, url).toString();
      if (next.startsWith(sys.baseUrl)) return fetchFollowing(next, {}, hops + 1);
      return { status: res.status, location: next, url, html: '' };
    }
    const html = await res.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    // The token of the page last seen, as a browser would post it: a form without one is caught.
    if (html.includes('<form')) csrf = token ?? '';
    // Likewise the form's one-time submission id, as the page rendered it.
    if (html.includes('<form')) submissionId = /name="submissionId" value="([^"]+)"/.exec(html)?.[1] ?? '';
    return { status: res.status, ...(location ? { location } : {}), url, html };
  };
  const client: PageClient = {
    get: (path) => fetchFollowing(`${sys.baseUrl}${path}`),
    post: (path, form, options = {}) =>
      fetchFollowing(`${sys.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          ...(submissionId ? { submissionId } : {}),
          ...form,
          ...(options.withoutCsrf ? {} : { _csrf: csrf }),
        }).toString(),
      }),
    cookie: () => cookie,
    submissionId: () => submissionId,
  };
  // The authorisation-code flow: to the stand-in's persona picker, choose, back with a code.
  const started = await fetchFollowing(`${sys.baseUrl}/sign-in`);
  const authorize = new URL(started.url);
  const picker = await fetch(`${sys.baseUrl}/test-auth/authorize${authorize.search}`);
  if (picker.status !== 200) throw new Error(`the sign-in stand-in answered ${picker.status}`);
  const params = Object.fromEntries(authorize.searchParams);
  await fetchFollowing(`${sys.baseUrl}/test-auth/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      persona,
      client_id: params.client_id!,
      redirect_uri: params.redirect_uri!,
      state: params.state!,
      code_challenge: params.code_challenge!,
      nonce: params.nonce!,
    }).toString(),
  });
  await client.get('/');
  return client;
}
