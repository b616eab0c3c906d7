package dev.creor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creor.core.ErrorCode;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class ExitCodesTest {
    @Test
    void mapsEveryErrorCodeToTheCodesDocsCliListsWithCredentialsAndUsageApart() {
        assertThat(ExitCodes.of(ErrorCode.CONFIG_INVALID)).isEqualTo(2);
        assertThat(ExitCodes.of(ErrorCode.USAGE)).isEqualTo(2);
        assertThat(ExitCodes.of(ErrorCode.PLUGIN_INVALID)).isEqualTo(2);
        assertThat(ExitCodes.of(ErrorCode.CONTEXT_TOO_LONG)).isEqualTo(2);
        assertThat(ExitCodes.of(ErrorCode.AUTH_MISSING)).isEqualTo(3);
        assertThat(ExitCodes.of(ErrorCode.AUTH_INVALID)).isEqualTo(3);
        assertThat(ExitCodes.of(ErrorCode.CANCELLED)).isEqualTo(130);
        assertThat(ExitCodes.of(ErrorCode.PROVIDER_UNAVAILABLE)).isEqualTo(1);
        assertThat(ExitCodes.of(ErrorCode.INSUFFICIENT_CREDITS)).isEqualTo(1);
        assertThat(EnumSet.allOf(ErrorCode.class)).allSatisfy(code ->
                assertThat(ExitCodes.of(code)).isIn(1, 2, 3, 130));
    }
}
