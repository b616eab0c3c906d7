package dev.creor.config.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** A JSON object; members keep the order in which their keys first appeared. */
public record ObjectNode(Position position, Map<String, Member> members) implements Node {

    /** Keeps {@code members} as given (callers pass a fresh map they no longer touch). */
    public ObjectNode {
        Objects.requireNonNull(position, "position is null");
        members = Collections.unmodifiableMap(members);
    }

    /** An object with no members. */
    public static ObjectNode empty(Position position) {
        return new ObjectNode(position, new LinkedHashMap<>());
    }

    /** The member's value, or null. */
    public Node get(String key) {
        Member member = members.get(key);
        return member == null ? null : member.value();
    }

    @Override
    public String kind() {
        return "an object";
    }

    /** One key of an object, where the key is written, and its value. */
    public record Member(String key, Position keyPosition, Node value) {
        /** A member whose value is replaced. */
        public Member withValue(Node newValue) {
            return new Member(key, keyPosition, newValue);
        }
    }
}
