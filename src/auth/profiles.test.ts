/** The development token profiles (src/auth/profiles.ts): what each sector's profile may read and write. */
import { describe, expect, it } from 'vitest';
import { PROFILES } from './profiles.ts';

describe('profiles', () => {
  it('keeps write scopes with the owning sector and personal data away from the operations centre', () => {
    const scopesOf = (name: string) => PROFILES.get(name)?.scopes ?? [];
    expect(scopesOf('ioc')).not.toContain('citizen:identity:read');
    // A citizen writes only their own consents (grantConsent / revokeConsent), no sector's records.
    expect(scopesOf('citizen').filter((s) => s.endsWith(':write'))).toEqual(['consent:own:write']);
    expect(scopesOf('citizen')).not.toContain('audit:log:read');
    expect(scopesOf('social-insurance')).not.toContain('health:encounters:read');
    expect(scopesOf('hospital')).toContain('health:encounters:write');
    expect(scopesOf('hospital')).not.toContain('household:registration:read');
  });

  it('gives the monitoring profile the metrics scope and nothing that reads data', () => {
    const monitoring = PROFILES.get('monitoring');
    expect(monitoring?.scopes).toContain('metrics:read');
    expect(monitoring?.scopes.filter((s) => s !== 'metrics:read' && s !== 'schema:introspect')).toEqual([]);
    expect(monitoring?.purposes).toEqual([]);
    for (const other of PROFILES.values()) {
      if (other.name !== 'monitoring') expect(other.scopes, other.name).not.toContain('metrics:read');
    }
  });
});
