// --token-auth-file parsing (Go encoding/csv rules) and lookup. ~10 ms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTokenFile, tokenFileAuthenticator, TokenFileError } from '../../runtime/auth/index.js';

test('token,user,uid and quoted groups', () => {
  const text = [
    'tok1,alice,uid-1,"admins,devs"',
    'tok2,bob,uid-2',
    '',
    '"tok,3","carol ""c""",uid-3,ops',
    'tok4,dave,uid-4,"multi',
    'line"',
    'tok5,erin,uid-5,',
  ].join('\r\n');
  const { entries, warnings } = parseTokenFile(text);
  assert.deepEqual(warnings, []);
  assert.deepEqual(
    entries.map((e) => [e.token, e.user]),
    [
      ['tok1', { username: 'alice', uid: 'uid-1', groups: ['admins', 'devs'] }],
      ['tok2', { username: 'bob', uid: 'uid-2', groups: [] }],
      ['tok,3', { username: 'carol "c"', uid: 'uid-3', groups: ['ops'] }],
      ['tok4', { username: 'dave', uid: 'uid-4', groups: ['multi\nline'] }],
      ['tok5', { username: 'erin', uid: 'uid-5', groups: [] }],
    ],
  );
});

test('short records fail, bare quotes fail, empty and duplicate tokens warn', () => {
  assert.throws(() => parseTokenFile('tok,user\n', '/etc/tokens.csv'), (e: unknown) => {
    assert.ok(e instanceof TokenFileError);
    assert.equal(e.message, "token file '/etc/tokens.csv' must have at least 3 columns (token, user name, user uid), found 2");
    return true;
  });
  assert.throws(() => parseTokenFile('to"k,user,uid\n'), /bare " in non-quoted-field/);
  assert.throws(() => parseTokenFile('"tok,user,uid\n'), /extraneous or missing "/);
  const { entries, warnings } = parseTokenFile(',nobody,0\na,first,1\na,second,2\n', 'f');
  assert.deepEqual(warnings, [
    "empty token has been found in token file 'f', line: 1",
    "duplicate token has been found in token file 'f', line: 3",
  ]);
  assert.equal(entries.length, 1);
  assert.equal(entries[0]!.user.username, 'second', 'the later line wins, as in kube');
  // Warnings name lines, never tokens.
  assert.ok(!warnings.join().includes('a,'));
});

test('lookup: known token authenticates, unknown is no opinion', async () => {
  const auth = tokenFileAuthenticator(parseTokenFile('secret-token,alice,1,devs\n').entries);
  assert.deepEqual(await auth.authenticateToken('secret-token'), { kind: 'authenticated', user: { username: 'alice', uid: '1', groups: ['devs'] } });
  assert.deepEqual(await auth.authenticateToken('secret-tokeN'), { kind: 'none' });
  assert.deepEqual(await auth.authenticateToken(''), { kind: 'none' });
});
