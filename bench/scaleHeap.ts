/**
 * JS heap of a page and of its dedicated workers (the search worker) over the Chrome DevTools
 * Protocol, for `npm run bench:scale`. Playwright opens CDP sessions on pages only, so the
 * workers are reached through the page's session: `Target.setAutoAttach` (not flattened) attaches
 * every worker the page starts, restarted ones included, and `Target.sendMessageToTarget` carries
 * commands to them.
 */
import type { CDPSession, Page } from 'playwright-core';

/** Bytes of JS heap in use, as `Runtime.getHeapUsage` reports them. */
export interface HeapBytes {
  page: number;
  /** Summed over the page's dedicated workers (one: the search worker). */
  workers: number;
}

/** A command to a worker that does not answer within this many ms counts as unanswered. */
const WORKER_REPLY_MS = 20_000;

interface WorkerReply {
  id: number;
  result?: Record<string, unknown>;
  error?: { message: string };
}

/** Samples heap use of one page and its workers and keeps the peaks. */
export class HeapSampler {
  /** Largest heap in use seen so far, bytes. */
  readonly peak: HeapBytes = { page: 0, workers: 0 };
  private readonly workers = new Map<string, string>();
  private readonly pending = new Map<number, (reply: WorkerReply) => void>();
  private nextId = 1;

  private constructor(private readonly session: CDPSession) {
    session.on('Target.attachedToTarget', (e) => {
      if (e.targetInfo.type === 'worker') this.workers.set(e.sessionId, e.targetInfo.url);
    });
    session.on('Target.detachedFromTarget', (e) => {
      if (e.sessionId) this.workers.delete(e.sessionId);
    });
    session.on('Target.receivedMessageFromTarget', (e) => {
      const reply = JSON.parse(e.message) as WorkerReply;
      this.pending.get(reply.id)?.(reply);
      this.pending.delete(reply.id);
    });
  }

  /** Opens a CDP session on `page` and attaches its workers, present and future. */
  static async attach(page: Page): Promise<HeapSampler> {
    const session = await page.context().newCDPSession(page);
    const sampler = new HeapSampler(session);
    await session.send('Target.setAutoAttach', {
      autoAttach: true,
      waitForDebuggerOnStart: false,
      flatten: false,
    });
    return sampler;
  }

  /** Heap in use now (bytes); raises the peaks. A worker that does not answer counts 0. */
  async sample(): Promise<HeapBytes> {
    const page = (await this.session.send('Runtime.getHeapUsage')).usedSize;
    const workers = await this.workersUsed();
    this.peak.page = Math.max(this.peak.page, page);
    this.peak.workers = Math.max(this.peak.workers, workers);
    return { page, workers };
  }

  /** Forces a full GC in the page and every worker, then samples. */
  async collectGarbage(): Promise<HeapBytes> {
    await this.session.send('HeapProfiler.collectGarbage');
    await Promise.all([...this.workers.keys()].map((id) => this.toWorker(id, 'HeapProfiler.collectGarbage')));
    return this.sample();
  }

  /** Closes the session; gives up after a few seconds (a crashed page may not answer). */
  async detach(): Promise<void> {
    await Promise.race([
      this.session.detach().catch(() => undefined),
      new Promise((resolve) => setTimeout(resolve, 5_000)),
    ]);
  }

  private async workersUsed(): Promise<number> {
    const replies = await Promise.all(
      [...this.workers.keys()].map((id) => this.toWorker(id, 'Runtime.getHeapUsage')),
    );
    return replies.reduce((sum, r) => sum + Number(r?.result?.usedSize ?? 0), 0);
  }

  private toWorker(sessionId: string, method: string): Promise<WorkerReply | null> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve(null);
      }, WORKER_REPLY_MS);
      this.pending.set(id, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
      this.session
        .send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) })
        .catch(() => {
          clearTimeout(timer);
          this.pending.delete(id);
          resolve(null);
        });
    });
  }
}
