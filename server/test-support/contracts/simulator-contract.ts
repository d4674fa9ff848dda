import type { Vendor } from '../../src/vendor-kit/exchange-recorder.js';
import { formatViolation } from './api-contract.js';
import { contractRecorder } from './recorder.js';
import { specApis } from './spec-files.js';

/*
 * The simulators' side of the contract: a request the vendor's spec does not allow is refused as a
 * strict API would refuse it (400, naming the field and the spec's text), and a response the simulator
 * is about to send that its spec does not allow is a simulator bug (500), whoever sent the request:
 * our clients, or a test speaking HTTP directly.
 */

export interface SimulatorExchange {
  method: string;
  /** The URL path without the query. */
  path: string;
  query: URLSearchParams;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The parsed JSON body, or undefined when there was none. */
  body?: unknown;
}

export interface SimulatorContract {
  checkRequest(request: SimulatorExchange): string[];
  checkResponse(request: SimulatorExchange, response: { status: number; body: string }): string[];
}

export function simulatorContract(vendor: Vendor): SimulatorContract {
  const recorder = contractRecorder();
  const apiOf = (path: string) => specApis.find((api) => api.vendor === vendor && api.specPath(path) !== undefined);
  return {
    checkRequest(request) {
      const api = apiOf(request.path);
      // Routes no spec covers (ConnectWise's company discovery) are the simulator's own business.
      if (!api) return [];
      const checked = recorder.contract(api).checkRequest({ ...request, specPath: api.specPath(request.path)!, checkCredentials: false });
      // An operation the spec lacks is answered by the simulator's router (404/405) as the vendor's would.
      return checked.operation ? checked.violations.map(formatViolation) : [];
    },
    checkResponse(request, response) {
      const api = apiOf(request.path);
      if (!api) return [];
      return recorder
        .contract(api)
        .checkResponse(request.method, api.specPath(request.path)!, { status: response.status, text: response.body })
        .map(formatViolation);
    },
  };
}
