package dev.creor.config.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Merges config layers: objects merge key by key, recursively; arrays and scalars of the
 * higher layer replace the lower layer's value whole. Keys keep the order of their first
 * appearance, and every value keeps the position of the layer that supplied it.
 */
public final class TreeMerger {
    private TreeMerger() {
    }

    /** {@code higher} merged over {@code lower}. */
    public static ObjectNode merge(ObjectNode lower, ObjectNode higher) {
        Map<String, ObjectNode.Member> members = new LinkedHashMap<>(lower.members());
        for (ObjectNode.Member member : higher.members().values()) {
            ObjectNode.Member existing = members.get(member.key());
            if (existing != null && existing.value() instanceof ObjectNode lowerObject
                    && member.value() instanceof ObjectNode higherObject) {
                members.put(member.key(), member.withValue(merge(lowerObject, higherObject)));
            } else {
                members.put(member.key(), member);
            }
        }
        // The object now stands where the higher layer wrote it, the last one to touch it.
        return new ObjectNode(higher.position(), members);
    }
}
