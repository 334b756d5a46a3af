/**
 * Side-effect module: turns off @apollo/gateway's telemetry (an OpenTelemetry exporter that calls
 * Apollo and probes cloud metadata addresses). The gateway reads the variable when it is constructed,
 * and this machine allows no such traffic, so every module that imports `@apollo/gateway` imports this
 * file FIRST: `import './telemetry.ts';`.
 */
process.env.APOLLO_TELEMETRY_DISABLED = 'true';
