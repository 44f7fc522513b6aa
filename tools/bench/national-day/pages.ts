/**
 * A reader of the GOV.UK pages: signed in once through the development stand-in for HMPPS Auth
 * (the persona picker), then reading pages with the session cookie, as a browser without JavaScript.
 */
export interface PageReader {
  /** Reads a page; throws on anything but 200. */
  read(path: string): Promise<void>;
}

export async function signedInReader(baseUrl: string, persona: string): Promise<PageReader> {
  let cookie = '';
  const remember = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      if (pair!.startsWith('release-guard.session=')) cookie = pair!;
    }
  };
  const go = async (
    url: string,
    init: RequestInit = {},
    hops = 0,
  ): Promise<{ status: number; url: string; html: string }> => {
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) },
    });
    remember(res);
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location && hops < 10)
      return go(new URL(location, url).toString(), {}, hops + 1);
    return { status: res.status, url, html: await res.text() };
  };
  // To the persona picker (the stand-in's authorise page), choose, and back with a code.
  const picker = await go(`${baseUrl}/sign-in`);
  if (picker.status !== 200) throw new Error(`sign-in answered ${picker.status}`);
  const authorize = new URL(picker.url);
  const params = Object.fromEntries(authorize.searchParams);
  await go(`${authorize.origin}${authorize.pathname}`, {
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
  if (!cookie) throw new Error(`signing in as ${persona} left no session`);
  return {
    async read(path) {
      const page = await go(`${baseUrl}${path}`);
      if (page.status !== 200) throw new Error(`GET ${path} answered ${page.status}`);
    },
  };
}
