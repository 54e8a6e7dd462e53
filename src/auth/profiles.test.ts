/** The development token profiles (src/auth/profiles.ts): what each sector's profile may read and write. */
import { describe, expect, it } from 'vitest';
import { PROFILES } from './profiles.ts';

describe('profiles', () => {
  it('keeps write scopes with the owning sector and personal data away from the operations centre', () => {
    const scopesOf = (name: string) => PROFILES.get(name)?.scopes ?? [];
    expect(scopesOf('ioc')).not.toContain('citizen:identity:read');
    expect(scopesOf('citizen').filter((s) => s.endsWith(':write'))).toEqual([]);
    expect(scopesOf('citizen')).not.toContain('audit:log:read');
    expect(scopesOf('social-insurance')).not.toContain('health:encounters:read');
    expect(scopesOf('hospital')).toContain('health:encounters:write');
    expect(scopesOf('hospital')).not.toContain('household:registration:read');
  });
});
