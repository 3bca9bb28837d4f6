<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>MainWindow</name>
    <message>
        <source>qjmap — Quzhou four-province border multimodal hub</source>
        <translation>qjmap — 衢州四省边际多式联运枢纽港</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>图层</translation>
    </message>
    <message>
        <source>Feature</source>
        <translation>要素详情</translation>
    </message>
    <message>
        <source>Search: Chinese name, English, pinyin initials…</source>
        <translation>搜索：中文名、英文名、拼音首字母…</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Open MBTiles basemap…</source>
        <translation>打开 MBTiles 底图…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Four-province overview</source>
        <translation>四省全景</translation>
    </message>
    <message>
        <source>Full screen</source>
        <translation>全屏</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>About and data sources</source>
        <translation>关于与数据来源</translation>
    </message>
    <message>
        <source>Click a feature on the map, or search above, to see its figures and the source paragraph they come from.</source>
        <translation>点击地图上的要素或在上方搜索，查看其数据及出处段落。</translation>
    </message>
    <message>
        <source>Open MBTiles basemap</source>
        <translation>打开 MBTiles 底图</translation>
    </message>
    <message>
        <source>About qjmap</source>
        <translation>关于 qjmap</translation>
    </message>
    <message>
        <source>Figures and quotes come only from the five source articles; each feature states where its position comes from and how precise it is.</source>
        <translation>数字与引文仅来自五篇源文章；每个要素都注明其位置来源与精度。</translation>
    </message>
    <message>
        <source>Export map…</source>
        <translation>导出地图…</translation>
    </message>
    <message>
        <source>Presentation</source>
        <translation>演示模式</translation>
    </message>
    <message>
        <source>Bookmarks</source>
        <translation>书签</translation>
    </message>
</context>
<context>
    <name>LayerPanel</name>
    <message>
        <source>Layer</source>
        <translation>图层</translation>
    </message>
    <message>
        <source>Features</source>
        <translation>要素</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>透明度</translation>
    </message>
    <message>
        <source>Thematic layers</source>
        <translation>专题图层</translation>
    </message>
    <message>
        <source>Your files (overlays)</source>
        <translation>我的文件（叠加图层）</translation>
    </message>
    <message>
        <source>Offline basemap</source>
        <translation>离线底图</translation>
    </message>
    <message>
        <source>Provinces</source>
        <translation>省界</translation>
    </message>
    <message>
        <source>Prefecture cities</source>
        <translation>地级市</translation>
    </message>
    <message>
        <source>Counties</source>
        <translation>区县</translation>
    </message>
    <message>
        <source>Rivers</source>
        <translation>河流</translation>
    </message>
    <message>
        <source>Place names</source>
        <translation>地名</translation>
    </message>
</context>
<context>
    <name>Legend</name>
    <message>
        <source>Legend</source>
        <translation>图例</translation>
    </message>
    <message>
        <source>In operation / completed (运营/建成)</source>
        <translation>运营 / 建成</translation>
    </message>
    <message>
        <source>Under construction (在建)</source>
        <translation>在建</translation>
    </message>
    <message>
        <source>Planned (规划)</source>
        <translation>规划</translation>
    </message>
    <message>
        <source>Status not stated in the articles (未说明)</source>
        <translation>文章未说明状态</translation>
    </message>
    <message>
        <source>Town-level place: dashed circle = ±3 km</source>
        <translation>乡镇级位置：虚线圆为误差范围（±3 km）</translation>
    </message>
    <message>
        <source>Number: that many features at one place (district/city level, or too close at this zoom); click to list them</source>
        <translation>数字圆：同一位置的要素数（区县/城市级位置，或在此比例尺下过近）；点击列出各要素</translation>
    </message>
    <message>
        <source>District/city-level feature, when selected: its district or city is outlined (the place is only known to be inside)</source>
        <translation>区县/城市级要素选中时：高亮其所在区县或城市范围（仅知位于其内）</translation>
    </message>
    <message>
        <source>Schematic line through known waypoints (示意)</source>
        <translation>示意线（经已知途经点绘制）</translation>
    </message>
    <message>
        <source>Faint line: long-distance corridor, at district zoom (the local lines stand out)</source>
        <translation>淡线：跨区域通道，区县级缩放时淡化（突出本地线路）</translation>
    </message>
    <message>
        <source>Administrative boundary</source>
        <translation>行政边界</translation>
    </message>
</context>
<context>
    <name>TileMenu</name>
    <message>
        <source>Online / MBTiles basemap</source>
        <translation>在线 / MBTiles 底图</translation>
    </message>
    <message>
        <source>Offline basemap only (default)</source>
        <translation>仅离线底图（默认）</translation>
    </message>
    <message>
        <source> — GCJ-02, offset ~500 m</source>
        <translation> — GCJ-02 坐标，偏移约 500 米</translation>
    </message>
    <message>
        <source> (needs network)</source>
        <translation>（需联网）</translation>
    </message>
    <message>
        <source>Tiles from {0} are downloaded from the internet while this is on.</source>
        <translation>开启后将从互联网下载 {0} 瓦片。</translation>
    </message>
    <message>
        <source>Warning: these tiles use GCJ-02 coordinates. qjmap's data is WGS84, so the tiles will appear offset by roughly 500 m.</source>
        <translation>注意：这些瓦片使用 GCJ-02 坐标，而 qjmap 的数据为 WGS84，瓦片将偏移约 500 米。</translation>
    </message>
    <message>
        <source>Online basemap</source>
        <translation>在线底图</translation>
    </message>
    <message>
        <source>MBTiles</source>
        <translation>MBTiles</translation>
    </message>
</context>
<context>
    <name>ExportActions</name>
    <message>
        <source>Export map…</source>
        <translation>导出地图…</translation>
    </message>
    <message>
        <source>Copy map as image</source>
        <translation>复制地图图片</translation>
    </message>
    <message>
        <source>Export tour…</source>
        <translation>导出导览…</translation>
    </message>
    <message>
        <source>Export tour</source>
        <translation>导出导览</translation>
    </message>
    <message>
        <source>Bookmarks</source>
        <translation>书签</translation>
    </message>
    <message>
        <source>Bookmark this view…</source>
        <translation>收藏当前视图…</translation>
    </message>
    <message>
        <source>Rename and reorder bookmarks…</source>
        <translation>重命名和排序书签…</translation>
    </message>
    <message>
        <source>Presentation mode (bookmarks tour)</source>
        <translation>演示模式（按书签浏览）</translation>
    </message>
    <message>
        <source>Bookmark this view</source>
        <translation>收藏当前视图</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Map copied to the clipboard.</source>
        <translation>地图已复制到剪贴板。</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export map</source>
        <translation>导出地图</translation>
    </message>
    <message>
        <source>HTML (offline, one file)</source>
        <translation>HTML（离线，单个文件）</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Add the 示意图 (schematic map) note</source>
        <translation>添加“示意图”说明</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>尺寸</translation>
    </message>
    <message>
        <source>Custom size</source>
        <translation>自定义尺寸</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Subtitle</source>
        <translation>副标题</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
</context>
<context>
    <name>BookmarksDialog</name>
    <message>
        <source>Bookmarks</source>
        <translation>书签</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>Presentation</name>
    <message>
        <source>The articles give no figures for this feature.</source>
        <translation>文章未给出该要素的数字。</translation>
    </message>
</context>
<context>
    <name>Overlays</name>
    <message>
        <source>Cannot add this file</source>
        <translation>无法添加该文件</translation>
    </message>
    <message>
        <source>Added with notes</source>
        <translation>已添加（请注意）</translation>
    </message>
    <message>
        <source>Add GIS file as overlay</source>
        <translation>添加 GIS 文件为叠加图层</translation>
    </message>
    <message>
        <source>Add GIS file as overlay…</source>
        <translation>添加 GIS 文件为叠加图层…</translation>
    </message>
    <message>
        <source>This build of qjmap has no GIS file reader (GDAL). Run qjmap from a checkout (scripts/run.sh) to add your own files.</source>
        <translation>此版本的 qjmap 未包含 GIS 文件读取组件（GDAL）。请从源代码运行 qjmap（scripts/run.sh）以添加自己的文件。</translation>
    </message>
</context>
<context>
    <name>FiguresTable</name>
    <message>
        <source>Layer</source>
        <translation>图层</translation>
    </message>
    <message>
        <source>Feature</source>
        <translation>要素</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>As of</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年份</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Article</source>
        <translation>文章</translation>
    </message>
    <message>
        <source>¶</source>
        <translation>段</translation>
    </message>
    <message>
        <source>Quote</source>
        <translation>引文</translation>
    </message>
    <message>
        <source>All layers</source>
        <translation>全部图层</translation>
    </message>
    <message>
        <source>All features</source>
        <translation>全部要素</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <source>All years</source>
        <translation>全部年份</translation>
    </message>
    <message>
        <source>All articles</source>
        <translation>全部文章</translation>
    </message>
    <message>
        <source>%1 of %2 figures</source>
        <translation>%1 / %2 项指标</translation>
    </message>
    <message>
        <source>Export figures table</source>
        <translation>导出指标总览</translation>
    </message>
    <message>
        <source>Could not write %1:</source>
        <translation>无法写入 %1：</translation>
    </message>
    <message>
        <source>Figures table written to %1</source>
        <translation>指标总览已写入 %1</translation>
    </message>
    <message>
        <source>Filter: any text in a figure, feature, quote or article…</source>
        <translation>筛选：指标、要素、引文或文章中的任意文字…</translation>
    </message>
    <message>
        <source>Export .xlsx…</source>
        <translation>导出 .xlsx…</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Figures table</source>
        <translation>指标总览</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Import table</source>
        <translation>导入表格</translation>
    </message>
    <message>
        <source>Which coordinate system?</source>
        <translation>请选择坐标系</translation>
    </message>
    <message>
        <source>Two columns (longitude/X, latitude/Y)</source>
        <translation>两列（经度/X、纬度/Y）</translation>
    </message>
    <message>
        <source>One WKT column</source>
        <translation>一列 WKT 几何</translation>
    </message>
    <message>
        <source>CGCS2000 Gauss-Krüger (3°/6° zone)…</source>
        <translation>CGCS2000 高斯-克吕格（3°/6° 分带）…</translation>
    </message>
    <message>
        <source>Other EPSG code…</source>
        <translation>其他 EPSG 编号…</translation>
    </message>
    <message>
        <source>Longitude / X</source>
        <translation>经度 / X</translation>
    </message>
    <message>
        <source>Latitude / Y</source>
        <translation>纬度 / Y</translation>
    </message>
    <message>
        <source>Coordinate system</source>
        <translation>坐标系</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message numerus="yes">
        <source>first %n rows</source>
        <translation>
            <numerusform>前 %n 行</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n rows</source>
        <translation>
            <numerusform>%n 行</numerusform>
        </translation>
    </message>
    <message>
        <source>Unknown EPSG code.</source>
        <translation>没有这个 EPSG 编号。</translation>
    </message>
    <message>
        <source>With this coordinate system no preview row gives a position on Earth.</source>
        <translation>按此坐标系换算，预览中没有一行得到地球上的位置。</translation>
    </message>
    <message>
        <source>inside the four-province region</source>
        <translation>在四省范围内</translation>
    </message>
    <message>
        <source>NOT near the four-province region</source>
        <translation>不在四省附近</translation>
    </message>
    <message>
        <source>%1 of %2 preview rows have a position. First: longitude %3, latitude %4 (%5).</source>
        <translation>预览的 %2 行中有 %1 行得到位置。第一行：经度 %3，纬度 %4（%5）。</translation>
    </message>
</context>
<context>
    <name>ImportRunner</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cannot add this file</source>
        <translation>无法添加此文件</translation>
    </message>
    <message>
        <source>Import cancelled: nothing was added.</source>
        <translation>已取消导入，未添加任何内容。</translation>
    </message>
    <message>
        <source>Added with notes</source>
        <translation>已添加（附说明）</translation>
    </message>
</context>
<context>
    <name>TourExport</name>
    <message>
        <source>Rendering the tour…</source>
        <translation>正在绘制导览…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Export tour</source>
        <translation>导出导览</translation>
    </message>
    <message>
        <source>Map {0} of {1}: {2}</source>
        <translation>地图 {0}/{1}：{2}</translation>
    </message>
    <message>
        <source>Writing {0}…</source>
        <translation>正在写入 {0}…</translation>
    </message>
    <message>
        <source>Tour exported to {0}: {1} stops, {2} pages, {3} KB in {4} s</source>
        <translation>导览已导出到 {0}：{1} 站，{2} 页，{3} KB，用时 {4} 秒</translation>
    </message>
    <message>
        <source>Export cancelled; no file was written.</source>
        <translation>已取消导出，未写入任何文件。</translation>
    </message>
</context>
<context>
    <name>Projects</name>
    <message>
        <source>Open project…</source>
        <translation>打开项目…</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <source>Save project</source>
        <translation>保存项目</translation>
    </message>
    <message>
        <source>Save project as…</source>
        <translation>项目另存为…</translation>
    </message>
    <message>
        <source>Recent projects</source>
        <translation>最近的项目</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Untitled project</source>
        <translation>未命名项目</translation>
    </message>
    <message>
        <source>Project saved: {path}</source>
        <translation>项目已保存：{path}</translation>
    </message>
    <message>
        <source>Recover unsaved work?</source>
        <translation>恢复未保存的工作？</translation>
    </message>
    <message>
        <source>qjmap was not closed properly last time. Recover the project it autosaved at {time}?</source>
        <translation>qjmap 上次没有正常关闭。要恢复它在 {time} 自动保存的项目吗？</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>有未保存的更改</translation>
    </message>
    <message>
        <source>The project has changes that are not saved. Save them first?</source>
        <translation>项目有未保存的更改。先保存吗？</translation>
    </message>
    <message>
        <source>The project has changes that are not saved. Save them before closing?</source>
        <translation>项目有未保存的更改。关闭前保存吗？</translation>
    </message>
</context>
<context>
    <name>OverlayStyle</name>
    <message>
        <source>Overlay style: {name}</source>
        <translation>叠加图层样式：{name}</translation>
    </message>
    <message>
        <source>(no labels)</source>
        <translation>（不显示标注）</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <source>Size (point radius; lines half as wide)</source>
        <translation>大小（点的半径；线宽为其一半）</translation>
    </message>
    <message>
        <source>Label field</source>
        <translation>标注字段</translation>
    </message>
    <message>
        <source>Style…</source>
        <translation>样式…</translation>
    </message>
    <message>
        <source>Zoom to layer</source>
        <translation>缩放到图层</translation>
    </message>
    <message>
        <source>Remove overlay</source>
        <translation>移除叠加图层</translation>
    </message>
</context>
</TS>
