import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeHtml } from './html-escape.ts';

describe('escapeHtml', () => {
  it('escapes every character that can end an attribute, a tag or a template', () => {
    assert.equal(escapeHtml(`<a href="x" onclick='y'>&\`</a>`), '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&#96;&lt;/a&gt;');
  });
});
