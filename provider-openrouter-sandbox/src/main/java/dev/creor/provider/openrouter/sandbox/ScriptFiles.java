package dev.creor.provider.openrouter.sandbox;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Reads a script file ({@code creor sandbox --script FILE}); blocking, so it runs off the event loop. */
final class ScriptFiles {
    private static final String FORMAT_HINT = "see docs/sandbox.md for the script format, e.g. "
            + "{\"models\": {\"openai/gpt-4o\": [{\"status\": 503, \"times\": 2}, {\"reply\": \"ok\"}]}}";

    private ScriptFiles() {
    }

    static Map<String, List<SandboxBehaviour>> read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw CreorException.builder(ErrorCode.IO_ERROR, "the sandbox script " + file + " does not exist")
                    .hint("check the path given to --script").build();
        } catch (IOException e) {
            throw CreorException.builder(ErrorCode.IO_ERROR, "cannot read the sandbox script " + file + ": " + e.getMessage())
                    .cause(e).build();
        }
        try {
            return ScriptReader.readFile(text);
        } catch (ScriptReader.InvalidScript e) {
            throw CreorException.builder(ErrorCode.CONFIG_INVALID, "the sandbox script " + file + " is invalid: " + e.getMessage())
                    .hint(FORMAT_HINT).build();
        }
    }
}
