// One tab at a time keeps the store: its worker holds the store's OPFS
// files, which no other can open meanwhile (and two tabs keeping snapshots
// would write over each other's changes). The tab opened (or brought back)
// last asks for the store; the one holding it stops, closes its store
// (its writes are in by then), then lets go. A Web Lock, so a closed tab
// lets go by itself.
const LOCK = "nubo-store";
const ASK = "hand-over";
/** How long to wait for the holder to let go before taking the store (a frozen tab cannot answer). */
const PATIENCE_MS = 3000;

export class TabLock {
  private readonly channel = new BroadcastChannel(LOCK);
  private handOver: (() => Promise<void>) | null = null;
  private asked = false;
  private letGo: () => void = () => {};

  /** Resolves once this tab holds the store; null where the browser has no Web Locks. */
  static async take(): Promise<TabLock | null> {
    if (!navigator.locks || typeof BroadcastChannel === "undefined") return null;
    const lock = new TabLock();
    await lock.acquire();
    return lock;
  }

  /** What this tab does when another asks: `act` must stop every write and resolve once they landed. */
  whenAsked(act: () => Promise<void>): void {
    this.handOver = act;
    if (this.asked) this.giveUp();
  }

  private giveUp(): void {
    this.asked = true;
    this.channel.close();
    // Still starting: the store is given up once this tab can stop its writes.
    if (this.handOver) void this.handOver().finally(this.letGo);
  }

  private acquire(): Promise<void> {
    return new Promise((held, failed) => {
      const kept = new Promise<void>((r) => (this.letGo = r));
      const hold = async (lock: Lock | null): Promise<boolean> => {
        if (!lock) return false;
        this.channel.onmessage = (e) => { if (e.data === ASK && !this.asked) this.giveUp(); };
        held();
        await kept;
        return true;
      };
      // Taken from this tab (it did not answer in time): stop all the same.
      const lost = (e: unknown) => { if (e instanceof DOMException && e.name === "AbortError") this.giveUp(); else failed(e); };
      navigator.locks.request(LOCK, { ifAvailable: true }, async (lock) => {
        if (lock) return hold(lock);
        this.channel.postMessage(ASK);
        const waiting = new AbortController();
        const steal = setTimeout(() => {
          waiting.abort();
          navigator.locks.request(LOCK, { steal: true }, hold).catch(lost);
        }, PATIENCE_MS);
        navigator.locks.request(LOCK, { signal: waiting.signal }, (l) => { clearTimeout(steal); return hold(l); })
          .catch((e) => { if (!waiting.signal.aborted) lost(e); });
        return false;
      }).catch(lost);
    });
  }
}
