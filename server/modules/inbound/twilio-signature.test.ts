import { describe, expect, it } from 'vitest';
import { isValidTwilioSignature, publicRequestUrl, twilioSignature } from './twilio-signature.ts';

// Twilio's published example (https://www.twilio.com/docs/usage/security#validating-requests, and
// twilio-node's own tests). Its Caller and From are +14158675309: the issue quotes +12349013030,
// which signs to another value (asserted below), so the issue's numbers cannot match the signature.
const token = '12345';
const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const params = {
  CallSid: 'CA1234567890ABCDE',
  Caller: '+14158675309',
  Digits: '1234',
  From: '+14158675309',
  To: '+18005551212',
};
const published = 'RSOYDt4T1cUTdK1PDd93/VVr8B8=';

describe('X-Twilio-Signature', () => {
  it("computes Twilio's published example", () => {
    expect(twilioSignature(token, url, params)).toBe(published);
    const asQuotedInTheIssue = { ...params, Caller: '+12349013030', From: '+12349013030' };
    expect(twilioSignature(token, url, asQuotedInTheIssue)).toBe('0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
  });

  it('accepts the published signature whatever order the parameters come in', () => {
    const shuffled = Object.fromEntries(Object.entries(params).reverse());
    expect(isValidTwilioSignature(token, url, shuffled, published)).toBe(true);
  });

  it('refuses a missing or wrong signature, another token, another URL or a changed parameter', () => {
    expect(isValidTwilioSignature(token, url, params, undefined)).toBe(false);
    expect(isValidTwilioSignature(token, url, params, '')).toBe(false);
    expect(isValidTwilioSignature(token, url, params, 'RSOYDt4T1cUTdK1PDd93/VVr8B8')).toBe(false);
    expect(isValidTwilioSignature('54321', url, params, published)).toBe(false);
    expect(isValidTwilioSignature(token, 'https://mycompany.com/myapp.php?foo=1&bar=3', params, published)).toBe(false);
    expect(isValidTwilioSignature(token, url, { ...params, Digits: '1235' }, published)).toBe(false);
    expect(isValidTwilioSignature('', url, params, published)).toBe(false);
  });

  it('rebuilds the public URL from PUBLIC_URL behind a proxy, keeping the query', () => {
    const req = { url: '/api/v1/webhooks/twilio/w/messages?x=1', protocol: 'http', host: '10.0.0.5:3000' };
    expect(publicRequestUrl('https://crm.example.com/', req)).toBe(
      'https://crm.example.com/api/v1/webhooks/twilio/w/messages?x=1',
    );
    expect(publicRequestUrl(undefined, req)).toBe('http://10.0.0.5:3000/api/v1/webhooks/twilio/w/messages?x=1');
  });
});
