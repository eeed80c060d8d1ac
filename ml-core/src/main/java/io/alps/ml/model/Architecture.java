package io.alps.ml.model;

import io.alps.ml.data.ImageShape;

/** A network family that can lay itself out for any input shape and class count. */
public interface Architecture {
    String name();

    NetworkPlan plan(ImageShape input, int numClasses);
}
