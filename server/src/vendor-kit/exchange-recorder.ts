/**
 * Every request a vendor client sends and the response it got, told to one process-wide listener. The
 * contract tests install one (test-support/contracts) to hold both sides to the vendors' published
 * specifications; production installs none, and the transports build no exchange (`recordingExchanges`).
 */
export type Vendor = 'connectwise' | 'jumpcloud';

export interface RecordedExchange {
  vendor: Vendor;
  request: {
    method: string;
    url: URL;
    /** As sent, credentials included: a listener must not keep or print them. */
    headers: Readonly<Record<string, string>>;
    /** The JSON body before serialisation. */
    body?: unknown;
  };
  /** Absent when no response arrived (timeout, network failure). */
  response?: {
    status: number;
    headers: Readonly<Record<string, string | string[] | undefined>>;
    text: string;
  };
}

export type ExchangeListener = (exchange: RecordedExchange) => void;

let listener: ExchangeListener | undefined;

/** Installs (or, with undefined, removes) the listener; returns the one it replaced. */
export function listenToVendorExchanges(next: ExchangeListener | undefined): ExchangeListener | undefined {
  const previous = listener;
  listener = next;
  return previous;
}

/** Whether a listener is installed: without one, a transport skips building the exchange. */
export function recordingExchanges(): boolean {
  return listener !== undefined;
}

/** Called by the transports once per attempt. A listener that throws cannot break a request. */
export function recordExchange(exchange: RecordedExchange): void {
  if (!listener) return;
  try {
    listener(exchange);
  } catch {
    // A recorder's own failure is its to report (it keeps what it found); the request goes on.
  }
}
