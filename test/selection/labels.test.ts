import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { labelSelectorFromSet, parseLabelSelector, SelectorError } from '../../runtime/selection/index.js';

describe('label selectors', () => {
  const labels = { app: 'web', tier: 'frontend', 'example.com/team': 'blue', replicas: '3' };
  const cases: Array<[string, boolean]> = [
    ['', true],
    ['app=web', true],
    ['app==web', true],
    ['app=db', false],
    ['app!=db', true],
    ['missing!=x', true],
    ['app in (web, db)', true],
    ['app in (db)', false],
    ['app notin (db,cache)', true],
    ['missing notin (x)', true],
    ['tier', true],
    ['missing', false],
    ['!missing', true],
    ['!app', false],
    ['example.com/team=blue', true],
    ['app=web,tier=backend', false],
    ['app=web, tier in (frontend)', true],
    ['replicas>2', true],
    ['replicas<3', false],
    ['app>2', false],
    ['app in (web,)', true],
    ['missing=', false],
  ];
  for (const [selector, expected] of cases) {
    it(`${JSON.stringify(selector)} -> ${expected}`, () => {
      assert.equal(parseLabelSelector(selector).matches(labels), expected);
    });
  }

  it('treats an empty value as present-and-empty', () => {
    assert.equal(parseLabelSelector('flag=').matches({ flag: '' }), true);
    assert.equal(parseLabelSelector('flag=').matches({}), false);
  });

  it('matches undefined labels only with negative requirements', () => {
    assert.equal(parseLabelSelector('a!=b,!c').matches(undefined), true);
    assert.equal(parseLabelSelector('a').matches(undefined), false);
  });

  for (const bad of ['app in web', 'app in (web', '=web', 'app=web,', 'bad key!=x', 'app>x', 'a/b/c=d', '-a=b', `a=${'x'.repeat(64)}`, 'Upper.Case/x=y']) {
    it(`rejects ${JSON.stringify(bad)}`, () => {
      assert.throws(() => parseLabelSelector(bad), SelectorError);
    });
  }

  it('prints a canonical form', () => {
    assert.equal(parseLabelSelector('b in (y,x), a=1, !c, d').toString(), 'b in (x,y),a=1,!c,d');
    assert.equal(labelSelectorFromSet({ b: '2', a: '1' }).toString(), 'a=1,b=2');
  });
});
