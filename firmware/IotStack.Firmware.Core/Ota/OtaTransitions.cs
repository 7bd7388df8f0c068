namespace IotStack.Firmware.Ota
{
    /// <summary>
    /// The updater's whole control flow as one table: (step, event) → next step. Anything not listed is
    /// refused, so a stray event (a late chunk, a duplicate health report) cannot move the board.
    /// Entry actions live in <see cref="OtaUpdater"/>; the record is saved before each of them runs.
    /// </summary>
    public static class OtaTransitions
    {
        private static readonly int[] Table =
        {
            // from,                         event,                          to
            (int)OtaStep.Idle,               (int)OtaEvent.OfferAccepted,   (int)OtaStep.Downloading,
            (int)OtaStep.Downloading,        (int)OtaEvent.OfferAccepted,   (int)OtaStep.Downloading,
            (int)OtaStep.Downloading,        (int)OtaEvent.AllReceived,     (int)OtaStep.Verifying,
            (int)OtaStep.Downloading,        (int)OtaEvent.TransferFailed,  (int)OtaStep.Idle,
            (int)OtaStep.Downloading,        (int)OtaEvent.ReentryCap,      (int)OtaStep.Idle,
            (int)OtaStep.Verifying,          (int)OtaEvent.HashesOk,        (int)OtaStep.Activating,
            (int)OtaStep.Verifying,          (int)OtaEvent.HashMismatch,    (int)OtaStep.Idle,
            (int)OtaStep.Verifying,          (int)OtaEvent.ReentryCap,      (int)OtaStep.Idle,
            (int)OtaStep.Activating,         (int)OtaEvent.Activated,       (int)OtaStep.Trial,
            (int)OtaStep.Activating,         (int)OtaEvent.ReentryCap,      (int)OtaStep.Idle,
            (int)OtaStep.Activating,         (int)OtaEvent.RolledBack,      (int)OtaStep.Idle,
            (int)OtaStep.Trial,              (int)OtaEvent.Healthy,         (int)OtaStep.Idle,
            (int)OtaStep.Trial,              (int)OtaEvent.Unhealthy,       (int)OtaStep.RollingBack,
            (int)OtaStep.Trial,              (int)OtaEvent.ReentryCap,      (int)OtaStep.RollingBack,
            (int)OtaStep.Trial,              (int)OtaEvent.RolledBack,      (int)OtaStep.Idle,
            (int)OtaStep.RollingBack,        (int)OtaEvent.RolledBack,      (int)OtaStep.Idle,
        };

        /// <summary>The next step, or -1 when the table has no row for the pair.</summary>
        public static int Next(OtaStep from, OtaEvent e)
        {
            for (int i = 0; i < Table.Length; i += 3)
            {
                if (Table[i] == (int)from && Table[i + 1] == (int)e)
                {
                    return Table[i + 2];
                }
            }

            return -1;
        }
    }
}
