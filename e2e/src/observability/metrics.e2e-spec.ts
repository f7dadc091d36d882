import { admin, e2e } from '../support/e2e-env';

const metricsOf = async (app: Parameters<typeof e2e.healthUrl>[0]) =>
  (await fetch(`${e2e.healthUrl(app)}/metrics`)).text();
/** The value of one sample line (metric name and labels as written), or undefined. */
const sample = (metrics: string, series: string) => {
  const line = metrics.split('\n').find((row) => row.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('/metrics', () => {
  it('counts the errors the gateway answers, by code', async () => {
    const series = 'tessera_oauth_errors_total{code="form_param_format_invalid",service="gateway"}';
    const before = sample(await metricsOf('gateway'), series) ?? 0;
    expect((await admin('/v1/audit_log?since=yesterday')).status).toBe(422);
    expect((await admin('/v1/audit_log?until=tomorrow')).status).toBe(422);
    expect(sample(await metricsOf('gateway'), series)).toBe(before + 2);
  });

  it('shows the event relay lag of the services that publish events', async () => {
    for (const app of ['accounts', 'client-registry'] as const) {
      const metrics = await metricsOf(app);
      expect(metrics).toContain('# TYPE tessera_event_relay_lag_seconds gauge');
      expect(sample(metrics, `tessera_event_relay_lag_seconds{service="${app}"}`)).toEqual(expect.any(Number));
    }
  });
});
