import { listenToVendorExchanges, type RecordedExchange } from '../../src/vendor-kit/exchange-recorder.js';
import { ApiContract, formatViolation, type ContractViolation } from './api-contract.js';
import { contractOverrides, unspecifiedRoutes } from './deviations.js';
import { readSpec, specApis, type SpecApi } from './spec-files.js';

/** How often each operation was seen, and held to its spec, in this process. */
export interface OperationCoverage {
  api: string;
  operation: string;
  requests: number;
  /** Successful responses validated against the operation's response schema. */
  responses: number;
}

/**
 * Checks every exchange our vendor clients make against the vendor's spec: the request as our client
 * sent it, and the response as the simulator (or whatever answered) returned it. Violations are kept
 * until taken; responses made by an injected fault (header `x-simulator-fault`) are not the simulator's
 * model of the API and are not checked.
 */
export class ContractRecorder {
  private readonly contracts = new Map<SpecApi, ApiContract>();
  private violations: string[] = [];
  readonly coverage = new Map<string, OperationCoverage>();

  record = (exchange: RecordedExchange): void => {
    try {
      this.check(exchange);
    } catch (error) {
      // The transport swallows a listener's errors; this one (a spec that cannot be read) must fail the test.
      this.violations.push(`the ${exchange.vendor} contract could not be checked: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  private check(exchange: RecordedExchange): void {
    const { request, response } = exchange;
    const urlPath = request.url.pathname;
    const method = request.method.toUpperCase();
    // Before the spec lookup: an unspecified route may sit on a path whose other methods the spec has.
    if (unspecifiedRoutes.some((route) => route.vendor === exchange.vendor && (!route.method || route.method === method) && route.path.test(urlPath))) {
      return;
    }
    const api = specApis.find((candidate) => candidate.vendor === exchange.vendor && candidate.specPath(urlPath) !== undefined);
    if (!api) {
      this.violations.push(`${exchange.vendor} ${request.method} ${urlPath}: no specification covers this path`);
      return;
    }
    const contract = this.contract(api);
    const specPath = api.specPath(urlPath)!;
    const checked = contract.checkRequest({ method: request.method, specPath, query: request.url.searchParams, headers: request.headers, body: request.body });
    this.keep(checked.violations);
    if (!checked.operation) return;
    const seen = this.seen(api, checked.operation);
    seen.requests++;
    if (!response || faultInjected(response.headers)) return;
    const partial = request.url.searchParams.has('fields');
    this.keep(contract.checkResponse(request.method, specPath, { status: response.status, text: response.text }, partial));
    if (response.status >= 200 && response.status < 300) seen.responses++;
  }

  /** Violations found elsewhere (a simulator checking its own answer), to fail the test like the others. */
  report(violations: readonly string[]): void {
    this.violations.push(...violations);
  }

  /** The violations found since the last call, formatted. */
  take(): string[] {
    const taken = this.violations;
    this.violations = [];
    return taken;
  }

  contract(api: SpecApi): ApiContract {
    let contract = this.contracts.get(api);
    if (!contract) {
      contract = new ApiContract(api, readSpec(api), contractOverrides.filter((override) => override.api === api.name));
      this.contracts.set(api, contract);
    }
    return contract;
  }

  private seen(api: SpecApi, operation: string): OperationCoverage {
    const key = `${api.name} ${operation}`;
    let entry = this.coverage.get(key);
    if (!entry) {
      entry = { api: api.name, operation, requests: 0, responses: 0 };
      this.coverage.set(key, entry);
    }
    return entry;
  }

  private keep(violations: ContractViolation[]): void {
    this.violations.push(...violations.map(formatViolation));
  }
}

function faultInjected(headers: Readonly<Record<string, string | string[] | undefined>>): boolean {
  return headers['x-simulator-fault'] !== undefined;
}

let installed: ContractRecorder | undefined;

/** The process's recorder, listening from the first call on. */
export function contractRecorder(): ContractRecorder {
  if (!installed) {
    installed = new ContractRecorder();
    listenToVendorExchanges(installed.record);
  }
  return installed;
}
