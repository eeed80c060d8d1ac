package io.alps.api.model;

import io.alps.api.model.ImageShape;

/** A network family that can lay itself out for any input shape and class count. */
public interface Architecture {
    String name();

    NetworkPlan plan(ImageShape input, int numClasses);
}
