import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INBOX_LIMITS } from '../../src/domain/inbox/inbox-limits.ts';
import { inboxNoticeWorkflowId } from '../../src/workflows/definitions.ts';
import { testServices } from '../helpers/activity-deps.ts';
import { recordHistory } from '../helpers/histories.ts';
import { startTimeSkippingSystem, type TimeSkippingSystem } from '../helpers/time-skipping.ts';

/** His prison's notices of inbox filings, over hours skipped on Temporal's time-skipping server. */
let sys: TimeSkippingSystem;
beforeAll(async () => {
  sys = await startTimeSkippingSystem({ cached: true });
});
afterAll(() => sys?.stop());

describe('his prison hears of inbox filings at most once an hour, with a count', () => {
  it('tells the first at once, the next ones together after the hour, and stops after a quiet hour', async () => {
    const inbox = testServices(sys.env.client, sys.taskQueue, sys.stores).inbox;
    const pn = await sys.admit('MDI');
    const notices = () =>
      sys.mail.messages().filter((m) => m.to.includes('omu.MDI@prison.test') && (m.text ?? '').includes(pn));
    await inbox.prisonNotice(pn, 'message-1');
    await sys.mail.waitFor((m) => (m.text ?? '').includes(pn));
    expect(notices().map((m) => m.subject)).toEqual([
      `[Release Guard] Inbox ${pn}: 1 document for someone you hold filed on his record`,
    ]);

    for (let i = 2; i <= 5; i++) await inbox.prisonNotice(pn, `message-${i}`);
    await sys.env.sleep((INBOX_LIMITS.prisonNoticeEveryMinutes - 5) * 60_000);
    expect(notices()).toHaveLength(1); // within the hour: counted, not sent
    await sys.env.sleep(10 * 60_000);
    await sys.mail.waitFor((m) => (m.text ?? '').includes(pn), { count: 2 });
    expect(notices()[1]!.text).toContain('Filed since the last notice: 4');

    // A quiet hour ends it; the next filing starts a new one, told at once.
    const handle = sys.env.client.workflow.getHandle(inboxNoticeWorkflowId(pn));
    expect(await handle.result()).toEqual({ notices: 2 });
    await recordHistory(handle, 'inbox-prison-notice');
    await inbox.prisonNotice(pn, 'message-6');
    await sys.mail.waitFor((m) => (m.text ?? '').includes(pn), { count: 3 });
    expect(notices()[2]!.subject).toContain('1 document for someone');
  }, 120_000);
});
