package dev.portalsuite.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalsuite.shared.config.ConfigException;
import dev.portalsuite.shared.config.Env;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LocalSyncTest {
    private static final UUID MSSP = UUID.fromString("3d5e8a41-7c2b-4f96-8e1a-5b0c9d2f4a11");

    @Test
    void developmentProvisionsTheDefaultClientAndProductionNeedsASecret() {
        LocalSync.Client dev = LocalSync.client(new Env(Map.of())).orElseThrow();
        assertThat(dev.clientId()).isEqualTo("heimdal-sync");
        assertThat(dev.secret()).isEqualTo(SyncConfig.DEVELOPMENT_CLIENT_SECRET);
        assertThat(dev.developmentSecret()).isTrue();
        assertThat(dev.toString()).doesNotContain(dev.secret());

        assertThat(LocalSync.client(new Env(Map.of("PORTAL_ENV", "production")))).isEmpty();
        assertThatThrownBy(() -> LocalSync.client(new Env(Map.of("PORTAL_ENV", "production",
                "SYNC_CLIENT_SECRET", SyncConfig.DEVELOPMENT_CLIENT_SECRET)))).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> LocalSync.client(new Env(Map.of("SYNC_CLIENT_SECRET", "short"))))
                .hasMessageContaining("16");
        LocalSync.Client own = LocalSync.client(new Env(Map.of("PORTAL_ENV", "production", "SYNC_CLIENT_ID", "sync-prod",
                "SYNC_CLIENT_SECRET", "a-long-production-secret"))).orElseThrow();
        assertThat(own.clientId()).isEqualTo("sync-prod");
        assertThat(own.developmentSecret()).isFalse();
    }

    @Test
    void theBannerGivesTheExactCommandWithoutSecrets() {
        String banner = LocalSync.banner(new Env(Map.of("HEIMDAL_API_KEY", "hk_secret_key_123",
                "SYNC_CLIENT_SECRET", "my-own-client-secret", "HEIMDAL_CUSTOMER_ID", "4711")), 7001, 7002, MSSP);
        assertThat(banner).contains("AUTH_URL=http://127.0.0.1:7001").contains("PORTAL_URL=http://127.0.0.1:7002")
                .contains("SYNC_MSSP_ORG_ID=" + MSSP).contains("HEIMDAL_CUSTOMER_ID=4711")
                .contains("HEIMDAL_API_KEY=\"$HEIMDAL_API_KEY\"").contains("SYNC_CLIENT_SECRET=\"$SYNC_CLIENT_SECRET\"")
                .contains("java -jar heimdal-sync/target/heimdal-sync.jar")
                .doesNotContain("hk_secret_key_123").doesNotContain("my-own-client-secret");
        assertThat(LocalSync.banner(new Env(Map.of()), 1, 2, MSSP)).doesNotContain("SYNC_CLIENT_SECRET")
                .doesNotContain(SyncConfig.DEVELOPMENT_CLIENT_SECRET);
    }

    @Test
    void nothingRunsWithoutAHeimdalUrlAndABadConfigurationDoesNotStopTheSuite() {
        assertThat(LocalSync.runOnceIfConfigured(new Env(Map.of()), 7001, 7002, MSSP)).isEmpty();
        assertThat(LocalSync.runOnceIfConfigured(new Env(Map.of("HEIMDAL_BASE_URL", "http://127.0.0.1:1")), 7001, 7002,
                MSSP)).as("no API key: warned, not started").isEmpty();
    }

    @Test
    void theJobTargetsTheSuitesPortsAndTheDemoMssp() {
        SyncConfig config = SyncConfig.fromEnv(LocalSync.jobEnv(new Env(Map.of("HEIMDAL_BASE_URL", "http://127.0.0.1:9",
                "HEIMDAL_API_KEY", "k", "HEIMDAL_CUSTOMER_ID", "1", "PORTAL_URL", "http://elsewhere:1")), 7101, 7102, MSSP));
        assertThat(config.authUrl().toString()).isEqualTo("http://127.0.0.1:7101");
        assertThat(config.portalUrl().toString()).isEqualTo("http://127.0.0.1:7102");
        assertThat(config.msspOrgId()).isEqualTo(MSSP);
    }
}
