import { existsSync } from 'node:fs';
import type { Vendor } from '../../src/vendor-kit/exchange-recorder.js';
import type { ContractFinding, ContractRequest, SimulatorContract } from '../vendor-sim/server.js';
import { formatViolation } from './api-contract.js';
import { contractRecorder } from './recorder.js';
import { specApis, specsDirectory } from './spec-files.js';

/*
 * The simulators' side of the contract, for the simulator kit's hook: a request the vendor's spec does
 * not allow is refused as a strict API would refuse it (400, naming the field and the spec's text), and
 * an answer the simulator is about to send that the spec does not allow is a simulator bug (500),
 * whoever sent the request: our clients, or a test speaking HTTP directly. Credentials are left to the
 * simulator's own authentication, which answers 401 as the vendor does.
 */
export function simulatorContract(vendor: Vendor): SimulatorContract | undefined {
  // A simulator started by hand (cw-sim, jc-sim, e2e-server) away from shared/specs still serves, unchecked;
  // in the tests the contract is the point, so a missing spec stops the simulator from starting.
  if (!existsSync(specsDirectory())) {
    const message = `vendor specs not found at ${specsDirectory()} (put shared/specs beside the repository or set VENDOR_SPECS_DIR)`;
    if (process.env.VITEST) throw new Error(message);
    process.emitWarning(`${message}: the ${vendor} simulator does not check requests against them`);
    return undefined;
  }
  const recorder = contractRecorder();
  const apiOf = (path: string) => specApis.find((api) => api.vendor === vendor && api.specPath(path) !== undefined);
  return {
    checkRequest(request) {
      const api = apiOf(request.path);
      // Routes no spec covers (ConnectWise's company discovery) are the simulator's own business.
      if (!api) return [];
      const checked = recorder.contract(api).checkRequest({
        method: request.method,
        specPath: api.specPath(request.path)!,
        query: searchParams(request.query),
        headers: request.headers,
        body: request.body,
        checkCredentials: false,
      });
      // An operation the spec lacks is answered by the simulator's router (404/405) as the vendor's would.
      if (!checked.operation) return [];
      return checked.violations.map(
        (violation): ContractFinding => ({
          // `/summary`, `/company/id` → the top-level field; parameters by name.
          field: violation.part === 'request body' ? (violation.field.split('/')[1] ?? '') : violation.field,
          missing: violation.missing === true,
          message: formatViolation(violation),
        }),
      );
    },
    checkResponse(request, response) {
      const api = apiOf(request.path);
      if (!api) return [];
      const text = typeof response.body === 'string' ? response.body : JSON.stringify(response.body ?? null);
      const violations = recorder
        .contract(api)
        .checkResponse(request.method, api.specPath(request.path)!, { status: response.status, text }, request.query.fields !== undefined)
        .map(formatViolation);
      // The client sees only a 500; the test that caused it is told which field and what the spec says.
      recorder.report(violations);
      return violations;
    },
  };
}

function searchParams(query: ContractRequest['query']): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) params.append(name, item);
  }
  return params;
}
