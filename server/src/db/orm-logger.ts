import type { LogContext, Logger as MikroOrmLogger, LoggerNamespace, LoggerOptions } from '@mikro-orm/core';
import type { Logger } from '../shared/logger.js';

/**
 * MikroORM's log output, into pino. A statement is logged (at trace, as `sql`) with `$n` placeholders and
 * its string literals blanked: never with its parameters, whatever a caller's per-query `debugMode` asks.
 * MikroORM inlines the values into the text it sends (see AbstractSqlConnection.getSql), so the
 * placeholder form is only what we log, asked for by answering "no" to the `query-params` namespace.
 */
class PinoOrmLogger implements MikroOrmLogger {
  private debugMode: boolean | LoggerNamespace[];

  constructor(
    private readonly logger: Logger | undefined,
    options: LoggerOptions,
  ) {
    this.debugMode = options.debugMode ?? false;
  }

  setDebugMode(debugMode: boolean | LoggerNamespace[]): void {
    this.debugMode = debugMode;
  }

  isEnabled(namespace: LoggerNamespace, context?: LogContext): boolean {
    if (!this.logger || namespace === 'query-params') return false;
    if (context?.enabled !== undefined) return context.enabled;
    if (namespace === 'deprecated') return true;
    const mode = context?.debugMode ?? this.debugMode;
    return mode === true || (Array.isArray(mode) && mode.includes(namespace));
  }

  logQuery(context: LogContext): void {
    if (!this.isEnabled('query', context) || context.query === undefined) return;
    const { took, results, affected, level } = context;
    this.logger!.trace({ sql: withoutLiterals(context.query), took, results, affected, failed: level === 'error' || undefined }, 'sql');
  }

  log(namespace: string, message: string, context?: LogContext): void {
    if (!this.isEnabled(namespace as LoggerNamespace, context)) return;
    const line = { orm: namespace, label: context?.label };
    if (context?.level === 'error') this.logger!.error(line, withoutLiterals(message));
    else if (context?.level === 'warning' || namespace === 'deprecated') this.logger!.warn(line, withoutLiterals(message));
    else this.logger!.debug(line, withoutLiterals(message));
  }

  error(namespace: string, message: string, context?: LogContext): void {
    this.log(namespace, message, { ...context, level: 'error' });
  }

  warn(namespace: string, message: string, context?: LogContext): void {
    this.log(namespace, message, { ...context, level: 'warning' });
  }
}

/**
 * SQL string literals blanked: statements written with values in their text (`interval '1 day'`, a raw
 * fragment) would otherwise carry them into the log.
 */
export function withoutLiterals(sql: string): string {
  return sql.replace(/(?:\bE)?'(?:[^'\\]|''|\\.)*'/g, "'…'");
}

export function ormLoggerFactory(logger: Logger | undefined): (options: LoggerOptions) => MikroOrmLogger {
  return (options) => new PinoOrmLogger(logger, options);
}
