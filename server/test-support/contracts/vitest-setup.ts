import { afterEach } from 'vitest';
import { contractRecorder } from './recorder.js';

/*
 * Every test file runs with the contract recorder listening: a request our ConnectWise or JumpCloud
 * client sends, or a simulator response it gets, that the vendor's spec does not allow fails the test
 * that made it, naming the field and what the spec says.
 */
const recorder = contractRecorder();

afterEach(() => {
  const violations = [...new Set(recorder.take())];
  if (violations.length === 0) return;
  const shown = violations.slice(0, 15).join('\n  ');
  const more = violations.length > 15 ? `\n  … and ${violations.length - 15} more` : '';
  throw new Error(`Vendor contract violated (${violations.length}):\n  ${shown}${more}`);
});
