/** One generated request. */
export interface FuzzOperation {
  /** `Mutation.upsertOrganizations`, or `(document)` for a malformed document or request. */
  field: string;
  /** What is wrong with it ("valid", "name: lone surrogate", "syntax error", …). */
  kind: string;
  operationType: 'query' | 'mutation' | 'subscription';
  document: string;
  variables?: Record<string, unknown>;
  operationName?: string;
  /** Sent as the HTTP body / graphql-ws subscribe payload instead of {query, variables}: a malformed request. */
  rawPayload?: string;
  transport: 'http' | 'ws';
  auth: 'admin' | 'none' | 'bad token';
  /** What a bad-token request sends as its authorization (header over HTTP, connectionParams over ws). */
  badToken?: unknown;
  /** 4: the same request sent four times at once. */
  copies: number;
  /** graphql-ws close codes that are a fair answer (an oversized message, a malformed protocol message). */
  allowedCloseCodes?: number[];
}
