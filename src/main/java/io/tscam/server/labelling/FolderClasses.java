package io.tscam.server.labelling;

import io.tscam.server.localization.ImageAnalysis;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The ImageFolder convention: an image's class is its first-level folder, and the sorted folder
 * names are the class indices 0..C-1 (CUB-200's "001.Black_footed_Albatross"..., ILSVRC's
 * "n01440764"...).
 */
final class FolderClasses implements ClassSource {

  private final Map<String, Integer> indexByFolder = new HashMap<>();

  /**
   * @param folders the input's first-level folders, sorted
   */
  FolderClasses(List<String> folders) {
    for (int i = 0; i < folders.size(); i++) {
      indexByFolder.put(folders.get(i), i);
    }
  }

  @Override
  public String unlabelled(String path) {
    return path.indexOf('/') < 0 ? "not in a class folder" : null;
  }

  @Override
  public List<Integer> classes(String path, ImageAnalysis analysis) {
    return List.of(indexByFolder.get(path.substring(0, path.indexOf('/'))));
  }

  @Override
  public void requireFits(int numClasses) {
    if (indexByFolder.size() != numClasses) {
      throw new LabellingException(
          "--classes folders: the input has "
              + indexByFolder.size()
              + " class folders but the model has "
              + numClasses
              + " classes (the sorted folder names are the class indices)");
    }
  }

  @Override
  public String describe() {
    return "folders";
  }
}
