package dev.portalsuite.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalsuite.shared.config.ConfigException;
import dev.portalsuite.shared.config.Env;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyncConfigTest {
    private static final String MSSP = "7d0f4a52-5a1e-4c43-9a55-0f1e3c9f2b10";

    private static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("HEIMDAL_BASE_URL", "https://dashboard.heimdalsecurity.com/api/heimdalapi/");
        env.put("HEIMDAL_API_KEY", "hk_live_abcdef0123456789");
        env.put("HEIMDAL_CUSTOMER_ID", "123456");
        env.put("SYNC_MSSP_ORG_ID", MSSP);
        return env;
    }

    private static SyncConfig config(Map<String, String> env) {
        return SyncConfig.fromEnv(new Env(env));
    }

    @Test
    void minimalDevelopmentConfigurationHasSafeDefaults() {
        SyncConfig config = config(minimal());
        assertThat(config.heimdalBaseUrl().toString()).isEqualTo("https://dashboard.heimdalsecurity.com/api/heimdalapi");
        assertThat(config.portalUrl().toString()).isEqualTo("http://127.0.0.1:7002");
        assertThat(config.authUrl().toString()).isEqualTo("http://127.0.0.1:7001");
        assertThat(config.clientId()).isEqualTo("heimdal-sync");
        assertThat(config.clientSecret()).isEqualTo(SyncConfig.DEVELOPMENT_CLIENT_SECRET);
        assertThat(config.heimdalPageSize()).isEqualTo(500);
        assertThat(config.batchSize()).isEqualTo(1000);
        assertThat(config.maxAttempts()).isEqualTo(5);
        assertThat(config.maxRetryAfter()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void requiredVariablesAreNamedInTheError() {
        for (String name : new String[] {"HEIMDAL_BASE_URL", "HEIMDAL_API_KEY", "HEIMDAL_CUSTOMER_ID", "SYNC_MSSP_ORG_ID"}) {
            Map<String, String> env = minimal();
            env.remove(name);
            assertThatThrownBy(() -> config(env)).isInstanceOf(ConfigException.class).hasMessageContaining(name);
        }
    }

    @Test
    void malformedValuesAreRefused() {
        Map<String, String> env = minimal();
        env.put("HEIMDAL_PAGE_SIZE", "5000");
        assertThatThrownBy(() -> config(env)).hasMessageContaining("HEIMDAL_PAGE_SIZE");
        env.put("HEIMDAL_PAGE_SIZE", "100");
        env.put("SYNC_MSSP_ORG_ID", "not-a-uuid");
        assertThatThrownBy(() -> config(env)).hasMessageContaining("SYNC_MSSP_ORG_ID");
        env.put("SYNC_MSSP_ORG_ID", MSSP);
        env.put("PORTAL_URL", "ftp://portal");
        assertThatThrownBy(() -> config(env)).hasMessageContaining("PORTAL_URL");
        env.put("PORTAL_URL", "http://portal:7002?x=1");
        assertThatThrownBy(() -> config(env)).hasMessageContaining("PORTAL_URL");
        env.remove("PORTAL_URL");
        env.put("HEIMDAL_READ_TIMEOUT", "30s");
        assertThatThrownBy(() -> config(env)).hasMessageContaining("HEIMDAL_READ_TIMEOUT");
        env.remove("HEIMDAL_READ_TIMEOUT");
        env.put("SYNC_BATCH_SIZE", "1001");
        assertThatThrownBy(() -> config(env)).hasMessageContaining("SYNC_BATCH_SIZE");
        env.remove("SYNC_BATCH_SIZE");
        env.put("HEIMDAL_API_KEY", "key with spaces");
        assertThatThrownBy(() -> config(env)).hasMessageContaining("HEIMDAL_API_KEY").hasMessageNotContaining("key with spaces");
        env.put("HEIMDAL_API_KEY", "k");
        env.put("SYNC_CLIENT_ID", "Bad Id");
        assertThatThrownBy(() -> config(env)).hasMessageContaining("SYNC_CLIENT_ID");
        env.remove("SYNC_CLIENT_ID");
        env.put("SYNC_RETRY_BASE_DELAY", "PT1M");
        assertThatThrownBy(() -> config(env)).hasMessageContaining("SYNC_RETRY_BASE_DELAY");
    }

    @Test
    void productionRefusesTheDevelopmentSecretAndPlainHttpToHeimdal() {
        Map<String, String> env = minimal();
        env.put("PORTAL_ENV", "production");
        assertThatThrownBy(() -> config(env)).hasMessageContaining("SYNC_CLIENT_SECRET is required");
        env.put("SYNC_CLIENT_SECRET", SyncConfig.DEVELOPMENT_CLIENT_SECRET);
        assertThatThrownBy(() -> config(env)).hasMessageContaining("development default");
        env.put("SYNC_CLIENT_SECRET", "a-real-secret-0123456789");
        env.put("HEIMDAL_BASE_URL", "http://heimdal.example.com/api");
        assertThatThrownBy(() -> config(env)).hasMessageContaining("https");
        env.put("HEIMDAL_BASE_URL", "https://heimdal.example.com/api");
        env.put("PORTAL_URL", "http://portal-service:7002");
        assertThat(config(env).clientSecret()).isEqualTo("a-real-secret-0123456789");
    }

    @Test
    void toStringHidesTheKeyAndTheSecret() {
        Map<String, String> env = minimal();
        env.put("SYNC_CLIENT_SECRET", "s3cret-value-that-must-not-leak");
        String text = config(env).toString();
        assertThat(text).doesNotContain("hk_live_abcdef0123456789").doesNotContain("s3cret-value-that-must-not-leak")
                .contains("heimdalApiKey=***").contains("clientSecret=***").contains("123456");
    }
}
