/** The gateway's request phases the bench plugin times (gateway-server.ts), in request order. */
export const GATEWAY_PHASES = [
  'httpAndJwt',
  'parse',
  'validate',
  'authorization',
  'preExecution',
  'execution',
  'postExecution',
  'serialiseAndWrite',
] as const;
export type GatewayPhase = (typeof GATEWAY_PHASES)[number];
