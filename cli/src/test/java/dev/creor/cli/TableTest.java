package dev.creor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TableTest {
    private static String print(Table table) {
        StringWriter out = new StringWriter();
        table.print(new PrintWriter(out));
        return out.toString().replace(System.lineSeparator(), "\n");
    }

    @Test
    void columnsAreSeparatedByTwoSpacesAndTextIsLeftAligned() {
        Table table = new Table("NAME", "MODEL").row("build", "openrouter/openrouter/auto").row("plan", "o3");

        assertThat(print(table)).isEqualTo("""
                NAME   MODEL
                build  openrouter/openrouter/auto
                plan   o3
                """);
    }

    @Test
    void numberColumnsAreRightAlignedHeaderIncluded() {
        Table table = new Table("ID", "CONTEXT", "$/M INPUT").rightAligned(1, 2)
                .row("a/long-model", "1,048,576", "0.15").row("b", "8,192", "3");

        assertThat(print(table)).isEqualTo("""
                ID              CONTEXT  $/M INPUT
                a/long-model  1,048,576       0.15
                b                 8,192          3
                """);
    }

    @Test
    void aRowMustHaveACellPerColumn() {
        assertThatThrownBy(() -> new Table("A", "B").row("only one"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a row needs 2 cells, got 1");
    }
}
