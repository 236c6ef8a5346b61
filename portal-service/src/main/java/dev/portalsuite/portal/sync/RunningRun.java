package dev.portalsuite.portal.sync;

import dev.portalsuite.shared.web.ApiException;
import java.util.UUID;

/** The run a batch or a finish is for, row-locked: 404 when there is no such run, 409 once it has ended. */
final class RunningRun {
    private RunningRun() {
    }

    static SyncDao.RunRow lock(SyncDao dao, UUID runId) {
        SyncDao.RunRow run = dao.lock(runId).orElseThrow(() -> ApiException.notFound("No sync run with this id."));
        if (!run.status().equals("RUNNING")) {
            throw ApiException.conflict("This sync run is " + run.status() + "; it accepts no more records.");
        }
        return run;
    }
}
