import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Request, RequestHandler } from 'express';
import { GraphQLError } from 'graphql';
import { ApiTokenKind } from '../features/auth/api-token.entity.js';
import type { Viewer } from '../features/auth/auth.service.js';
import { AppError, ErrorCode } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import type { Context } from './context.js';

/** The admin app's documents by id (`sha256:<hex>` of the normalized text), as `pnpm codegen` writes them. */
export const TRUSTED_DOCUMENTS_FILE = fileURLToPath(new URL('../../../web/src/gql/persisted-documents.json', import.meta.url));

/** What a request names instead of sending a document's text. */
export interface DocumentReference {
  /** GraphQL over HTTP, persisted documents appendix: `"documentId": "sha256:<hex>"`. */
  documentId?: unknown;
  /** The APQ shape urql and Apollo clients send: `"extensions": { "persistedQuery": { "sha256Hash": "<hex>" } }`. */
  extensions?: { persistedQuery?: { sha256Hash?: unknown } } | null;
}

export class TrustedDocuments {
  constructor(private readonly byId: ReadonlyMap<string, string>) {}

  static load(file: string, logger: Logger): TrustedDocuments {
    if (!existsSync(file)) {
      logger.warn({ file }, 'no trusted documents file: requests naming a documentId will be refused');
      return new TrustedDocuments(new Map());
    }
    return new TrustedDocuments(new Map(Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>)));
  }

  get size(): number {
    return this.byId.size;
  }

  /**
   * The id a request names, if any, and its text: undefined when it names none (it sends its text),
   * `{ id, text: undefined }` when the id is not a trusted document.
   */
  lookup(reference: DocumentReference): { id: string; text: string | undefined } | undefined {
    const { documentId } = reference;
    const hash = reference.extensions?.persistedQuery?.sha256Hash;
    const id = typeof documentId === 'string' ? documentId : typeof hash === 'string' ? `sha256:${hash}` : undefined;
    return id === undefined ? undefined : { id, text: this.byId.get(id) };
  }
}

/** Why a document named by id cannot run, or undefined when it can. */
export function unknownDocumentError(id: string): AppError {
  return new AppError(ErrorCode.PersistedDocumentNotFound, `"${id.slice(0, 80)}" is not a trusted document of this server (run the admin app that came with it)`);
}

/** Whether this caller, with enforcement on, must name a trusted document rather than send text. */
export function mustUseTrustedDocument(enforce: boolean, viewer: Viewer | undefined): boolean {
  return enforce && viewer?.tokenKind === ApiTokenKind.BROWSER_SESSION;
}

export const DOCUMENT_REQUIRED_MESSAGE =
  'this server runs only the admin app’s own documents for browser sessions: send a documentId, or use an API token';

interface TrustedRequest extends Request {
  trustedDocument?: boolean;
}

export const isTrustedDocumentRequest = (req: Request) => (req as TrustedRequest).trustedDocument === true;

/**
 * Before Apollo, on POST /graphql: a body naming a trusted document gets its text (and loses the id, so
 * Apollo's own APQ never sees it) and is marked trusted; an unknown id is refused with 400.
 */
export function trustedDocumentsMiddleware(documents: TrustedDocuments): RequestHandler {
  return (req, res, next) => {
    const body = req.body as (DocumentReference & { query?: unknown }) | undefined;
    const found = body && typeof body === 'object' ? documents.lookup(body) : undefined;
    if (!found) return next();
    const requestId = (req as Request & { requestId?: string }).requestId;
    const refuse = (error: AppError) => res.status(400).json({ errors: [{ message: error.message, extensions: { code: error.code, requestId } }] });
    if (typeof body!.query === 'string' && body!.query !== '') {
      return refuse(new AppError(ErrorCode.BadRequest, 'send either a query or a documentId, not both'));
    }
    if (found.text === undefined) return refuse(unknownDocumentError(found.id));
    body!.query = found.text;
    delete body!.documentId;
    if (body!.extensions) delete body!.extensions.persistedQuery;
    (req as TrustedRequest).trustedDocument = true;
    next();
  };
}

/** With enforcement on, a browser session's request that sent a document's text is refused (403) before it runs. */
export function trustedDocumentsPlugin(enforce: boolean): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ contextValue }) {
      if (contextValue.trustedDocument || !mustUseTrustedDocument(enforce, contextValue.viewer)) return;
      return {
        async didResolveOperation() {
          throw new GraphQLError(DOCUMENT_REQUIRED_MESSAGE, {
            originalError: new AppError(ErrorCode.PersistedDocumentRequired, DOCUMENT_REQUIRED_MESSAGE),
            extensions: { http: { status: 403 } },
          });
        },
      };
    },
  };
}
