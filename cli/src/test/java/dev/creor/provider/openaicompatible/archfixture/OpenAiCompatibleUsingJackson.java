package dev.creor.provider.openaicompatible.archfixture;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Deliberately breaks "provider-openai-compatible uses the SPI and core only". */
public final class OpenAiCompatibleUsingJackson {
    private OpenAiCompatibleUsingJackson() {
    }

    static Object mapper() {
        return new ObjectMapper();
    }
}
