package io.omnihub.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;

/** A map in insertion order that forgets its oldest entries beyond a size, so a long-running sandbox's memory stays bounded. */
public final class BoundedMap<K, V> extends LinkedHashMap<K, V> {

    private final int maxSize;

    public BoundedMap(int maxSize) {
        this.maxSize = maxSize;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > maxSize;
    }
}
