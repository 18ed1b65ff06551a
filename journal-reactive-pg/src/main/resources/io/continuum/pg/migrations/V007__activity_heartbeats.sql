-- Activity heartbeats, cancellation of running activities and external completion.
--   heartbeat_details   the last details an attempt heartbeated, handed to the next attempt
--   heartbeat_deadline  when the running attempt times out unless it heartbeats again (NULL: it
--                       has not heartbeated yet, so its start plus the options' heartbeat timeout)
--   attempt_started_at  when the running attempt was leased; an externally completing attempt's
--                       lease runs to it plus the start-to-close timeout
--   cancel_requested    the run's cancel was requested while the task existed: its attempts stop
--                       and it is never retried (tasks created after the request are not flagged)
--   external            the running attempt completes externally, through its completion token
ALTER TABLE continuum_activity_tasks
  ADD COLUMN heartbeat_details  bytea,
  ADD COLUMN heartbeat_deadline timestamptz,
  ADD COLUMN attempt_started_at timestamptz,
  ADD COLUMN cancel_requested   boolean NOT NULL DEFAULT false,
  ADD COLUMN external           boolean NOT NULL DEFAULT false;
