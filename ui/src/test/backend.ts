// A backend for tests: answers each operation from a table and records
// every call, in order.
import type { Backend, Operation, Request, Response } from "../lib/api";
import type { ProgressView } from "../bindings/ProgressView";

type Answer<K extends Operation> = (request: Request<K>) => Promise<Response<K>>;

export class FakeBackend implements Backend {
  calls: { operation: Operation; request: unknown }[] = [];
  answers: { [K in Operation]?: Answer<K> } = {};
  progress: ((progress: ProgressView) => void) | null = null;

  on<K extends Operation>(operation: K, answer: Answer<K>): this {
    (this.answers as Record<string, unknown>)[operation] = answer;
    return this;
  }

  call<K extends Operation>(operation: K, request: Request<K>): Promise<Response<K>> {
    this.calls.push({ operation, request });
    const answer = this.answers[operation] as Answer<K> | undefined;
    if (!answer) return Promise.reject(new Error(`no answer for ${operation}`));
    return answer(request);
  }

  onProgress(handler: (progress: ProgressView) => void): Promise<() => void> {
    this.progress = handler;
    return Promise.resolve(() => (this.progress = null));
  }

  requests(operation: Operation): unknown[] {
    return this.calls.filter((c) => c.operation === operation).map((c) => c.request);
  }
}
