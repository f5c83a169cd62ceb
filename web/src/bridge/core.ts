// The bridge to the core in WebAssembly: events in, the page's requests
// out (HTTP, secrets, notifications, pauses, render), answers back. No logic here
// beyond carrying each request out.
import init, { NuboWeb } from "../pkg/nubo_web.js";
import type { Event } from "./events";
import { http, type HttpRequest } from "./http";
import { Notifier, type NotifyRequest } from "./notify";
import { secret, type SecretRequest } from "./secrets";
import { SnapshotWriter } from "./snapshot";
import type { ViewModel } from "./view_model";

/** What the page must do: `PageRequest` in web/core/src/lib.rs (serde, tagged by `kind`). */
type PageRequest =
  | { kind: "Http"; id: number; request: HttpRequest }
  | { kind: "Secret"; id: number; request: SecretRequest }
  | { kind: "Notify"; id: number; request: NotifyRequest }
  | { kind: "Wait"; id: number; ms: number }
  | { kind: "Render" };

/** The device's IANA zone ("Europe/Brussels"), sent with `Start`. */
export const timeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

export class Core {
  private readonly notifier = new Notifier();
  private readonly snapshots = new SnapshotWriter();
  /** Secrets being read or written: the password is loaded once these are answered. */
  private readonly secrets = new Set<Promise<void>>();

  private constructor(private readonly core: NuboWeb, private readonly onRender: (view: ViewModel) => void) {}

  /** Loads the wasm, opens the stored snapshot (being read meanwhile) in it, then sends `Start`. */
  static async start(onRender: (view: ViewModel) => void, stored: Promise<Uint8Array>): Promise<Core> {
    const [, snapshot] = await Promise.all([init().then(() => performance.mark("nubo-wasm-ready")), stored]);
    const core = new Core(new NuboWeb(snapshot), onRender);
    performance.mark("nubo-core-open");
    core.send({ Start: { locale: localStorage.getItem("nubo-locale") ?? navigator.language, time_zone: timeZone() } });
    return core;
  }

  /** Resolves once every secret asked so far is answered (at start: the stored password is loaded). */
  async secretsAnswered(): Promise<void> {
    while (this.secrets.size > 0) await Promise.allSettled([...this.secrets]);
  }

  view(): ViewModel {
    return JSON.parse(this.core.view()) as ViewModel;
  }

  send(event: Event): void {
    this.handle(this.core.update(JSON.stringify(event)));
  }

  private answer(id: number, output: unknown): void {
    this.handle(this.core.resolve(id, JSON.stringify(output)));
  }

  private handle(json: string): void {
    const requests = JSON.parse(json) as PageRequest[];
    for (const r of requests) {
      switch (r.kind) {
        case "Render":
          this.onRender(this.view());
          break;
        case "Http":
          http(r.request).then((result) => this.answer(r.id, result));
          break;
        case "Secret": {
          const answered: Promise<void> = secret(r.request).then((answer) => this.answer(r.id, answer)).finally(() => this.secrets.delete(answered));
          this.secrets.add(answered);
          break;
        }
        case "Notify":
          this.notifier.notify(r.request);
          this.answer(r.id, null);
          break;
        case "Wait":
          setTimeout(() => this.answer(r.id, null), r.ms);
          break;
      }
    }
    const snapshot = this.core.takeSnapshot();
    if (snapshot) void this.snapshots.save(snapshot);
  }
}
