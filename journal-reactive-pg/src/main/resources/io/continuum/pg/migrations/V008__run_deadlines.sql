-- Run timeouts and delayed starts (StartOptions.withExecutionTimeout / withStartDelay).
--
-- execution_deadline: when the run's continue-as-new chain fails with an execution timeout. Fixed
-- by continuum_now() when the chain's first run is created (its start time plus the timeout) and
-- copied to every successor, each of which gets its own timer for it: a continuum_timers row with
-- command_seq 0 (no event has seq 0), whose firing the run's next step turns into run_failed
-- (type execution_timeout) unless a cancel request waits.
--
-- start_at: when a run created with a start delay takes its first step. Until then it is pending,
-- unleased, with next_wakeup_at = start_at (every writer keeps a set next_wakeup_at, so a signal
-- cannot make it runnable early) and a timer with command_seq 1 (its run_started) that wakes the
-- dispatchers at start_at; the claim also refuses it before start_at.
ALTER TABLE continuum_runs
  ADD COLUMN start_at timestamptz,
  ADD COLUMN execution_deadline timestamptz;
