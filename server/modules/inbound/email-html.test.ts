import { describe, expect, it } from 'vitest';
import { sanitizeEmailHtml } from './email-html.ts';

describe('inbound email HTML', () => {
  it('keeps what mail clients write: tables, images (https, cid:), simple inline styles', () => {
    const html = sanitizeEmailHtml(
      '<table border="0"><tr><td style="color: #333; text-align: center">Cell</td></tr></table>' +
        '<img src="cid:logo@x" alt="logo"><img src="https://cdn.example.com/a.png">',
    );
    expect(html).toContain('<td style="color:#333;text-align:center">Cell</td>');
    expect(html).toContain('src="cid:logo@x"');
    expect(html).toContain('src="https://cdn.example.com/a.png"');
  });

  it('drops scripts, handlers, frames, forms, remote CSS and non-image data: URLs', () => {
    const html = sanitizeEmailHtml(
      '<p onmouseover="x()" style="background: url(https://track.test/p.gif); color: red">Hi</p>' +
        '<script>alert(1)</script><iframe src="https://x.test"></iframe><form action="https://x.test"><input></form>' +
        '<img src="data:text/html;base64,PHNjcmlwdD4="><img src="javascript:alert(1)"><a href="javascript:x()">a</a>' +
        '<link rel="stylesheet" href="https://x.test/a.css"><style>p{}</style>',
    );
    expect(html).not.toMatch(/script|onmouseover|iframe|form|input|url\(|data:text|javascript:|<link|<style/i);
    expect(html).toContain('<p style="color:red">Hi</p>');
  });
});
