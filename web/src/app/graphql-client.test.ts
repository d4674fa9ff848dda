import { describe, expect, it } from 'vitest';
import { defaultWsUrl, toSubscriptionError } from './graphql-client';

describe('graphql client', () => {
  it('opens the websocket on the page host, secure when the page is', () => {
    expect(defaultWsUrl({ protocol: 'http:', host: '127.0.0.1:4000' })).toBe('ws://127.0.0.1:4000/graphql');
    expect(defaultWsUrl({ protocol: 'https:', host: 'highwater.example.com' })).toBe(
      'wss://highwater.example.com/graphql',
    );
  });

  it('explains a closed websocket instead of passing the close event on', () => {
    const closed = toSubscriptionError(new CloseEvent('close', { code: 4403, reason: 'Forbidden' }));
    expect(closed).toEqual(new Error('The live connection closed (code 4403: Forbidden)'));
    expect(toSubscriptionError(new Event('error'))).toEqual(
      new Error('The live connection could not be opened'),
    );
  });

  it('keeps GraphQL errors as they are', () => {
    const errors = [{ message: 'Not allowed', extensions: { code: 'FORBIDDEN' } }];
    expect(toSubscriptionError(errors)).toBe(errors);
  });
});
