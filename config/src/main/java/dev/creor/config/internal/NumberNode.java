package dev.creor.config.internal;

/** A JSON number: an Integer, Long, BigInteger, Double or BigDecimal. */
public record NumberNode(Position position, Number value) implements Node {
    @Override
    public String kind() {
        return "a number";
    }
}
