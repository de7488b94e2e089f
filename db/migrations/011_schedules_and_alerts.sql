-- What `gongkai schedule` installed (the queue holds the schedulers; the store remembers their time zone so that
-- `gongkai runs` shows times as the schedule reads them), and the alerts posted to GONGKAI_ALERT_WEBHOOK (each
-- check looks only at what happened after the last alert's watermark).
CREATE TABLE schedules (
  id            text PRIMARY KEY,
  pattern       text NOT NULL,
  tz            text,
  installed_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE alerts (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sent_at     timestamptz NOT NULL DEFAULT now(),
  watermark   timestamptz NOT NULL,           -- runs finished and revisions parsed up to here were looked at
  summary     jsonb NOT NULL,
  delivered   boolean NOT NULL,
  error       text
);
